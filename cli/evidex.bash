# bash completion for evidex: subcommands, options, option values, and apprentice IDs from the store.
# Commands and options are read from evidex's own --help, so that they cannot drift from the binary;
# apprentice IDs and standards from the store and the standards evidex knows. Needs nothing but bash
# (bash-completion's helpers are used when loaded, not required).

# The evidex being completed: the word the user typed (./build/cli/evidex), else the one on PATH.
_evidex_bin() {
    local bin=${COMP_WORDS[0]}
    [[ $bin == */* ]] || bin=$(type -P "$bin" 2>/dev/null)
    printf '%s' "${bin:-evidex}"
}

# The global options already on the line (--store, --standards), so that lookups use the same store.
_evidex_globals() {
    local i
    for ((i = 1; i < ${#COMP_WORDS[@]} - 1; i++)); do
        case ${COMP_WORDS[i]} in
            --store | --standards) printf '%s\n' "${COMP_WORDS[i]}" "${COMP_WORDS[i + 1]}" ;;
            --store=* | --standards=*) printf '%s\n' "${COMP_WORDS[i]}" ;;
        esac
    done
}

# Subcommand names below "Subcommands:" in a help text.
_evidex_subcommands() {
    "$@" --help 2>/dev/null | awk '/^Subcommands:/ { on = 1; next } on && NF { print $1 }'
}

# Long and short option names of a help text's "Options:" section.
_evidex_options() {
    "$@" --help 2>/dev/null | awk '/^Options:/ { on = 1; next } /^[A-Z][a-z]*:/ { on = 0 } on' |
        grep -oE '(^|[ ,])--?[A-Za-z][A-Za-z-]*' | tr -d ' ,'
}

_evidex() {
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
    local bin globals=()
    bin=$(_evidex_bin)
    mapfile -t globals < <(_evidex_globals)
    COMPREPLY=()

    # The command path typed so far (ingest; template add), skipping options and their values.
    local words=() i word
    for ((i = 1; i < COMP_CWORD; i++)); do
        word=${COMP_WORDS[i]}
        case $word in
            --store | --standards | --color | --apprentice | --name | --standard | --assessor | --jobs | \
                --timeout | --format | --method | --ksb | --type | --limit | --offset | --assessment-date | \
                --received | --threshold | --rate | --seed | --min-per-assessor | --out | --by | --note | \
                --role | --user | --label | --action | --listen | --max-upload-mb | --session-minutes)
                ((i++)) ;;
            -*) ;;
            *) if [[ ${#words[@]} -eq 0 ]] || [[ " $(_evidex_subcommands "$bin" "${words[@]}") " == *" $word "* ]]; then
                   words+=("$word")
               fi ;;
        esac
    done

    case $prev in
        --apprentice)
            local ids
            ids=$("$bin" "${globals[@]}" apprentices --format csv 2>/dev/null | tail -n +2 | cut -d, -f1)
            mapfile -t COMPREPLY < <(compgen -W "$ids" -- "$cur")
            return ;;
        --standard)
            local standards
            standards=$("$bin" "${globals[@]}" standards --format csv 2>/dev/null | tail -n +2 | cut -d, -f1)
            mapfile -t COMPREPLY < <(compgen -W "$standards" -- "$cur")
            return ;;
        --format)
            local formats="text json csv"
            [[ ${words[0]-} == ingest ]] && formats="text json"
            [[ ${words[0]-} == report ]] && formats=""
            mapfile -t COMPREPLY < <(compgen -W "$formats" -- "$cur")
            return ;;
        --method)
            mapfile -t COMPREPLY < <(compgen -W "showcase observation discussion all" -- "$cur")
            return ;;
        --color)
            mapfile -t COMPREPLY < <(compgen -W "auto always never" -- "$cur")
            return ;;
        --role)
            mapfile -t COMPREPLY < <(compgen -W "apprentice assessor iqa admin" -- "$cur")
            return ;;
        --user)
            local users
            users=$("$bin" "${globals[@]}" user list --format csv 2>/dev/null | tail -n +2 | cut -d, -f1)
            mapfile -t COMPREPLY < <(compgen -W "$users" -- "$cur")
            return ;;
        --store | --standards)
            mapfile -t COMPREPLY < <(compgen -d -- "$cur")
            return ;;
        --out)
            mapfile -t COMPREPLY < <(compgen -f -- "$cur")
            return ;;
        --name | --assessor | --jobs | --timeout | --ksb | --type | --limit | --offset | --assessment-date | \
            --received | --threshold | --rate | --seed | --min-per-assessor | --by | --note | --label | --action | \
            --listen | --max-upload-mb | --session-minutes)
            return ;;  # a value only the user knows
    esac

    if [[ $cur == -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$(_evidex_options "$bin" "${words[@]}")" -- "$cur")
        return
    fi
    local subcommands
    subcommands=$(_evidex_subcommands "$bin" "${words[@]}")
    if [[ -n $subcommands ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$subcommands" -- "$cur")
    elif [[ ${words[0]-} == ingest || ${words[*]-} == "template add" ]]; then
        mapfile -t COMPREPLY < <(compgen -f -- "$cur")  # the bundle, the form
    fi
}

complete -o default -o bashdefault -F _evidex evidex
