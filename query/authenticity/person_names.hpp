/** @file
 * @brief Whether the name written on a form is the apprentice's registered name.
 *
 * Names are compared as words: NFKC, case folded, accents dropped, punctuation and hyphens are
 * spaces ("O'Neil" = "O Neil", "Mary-Jane" = "Mary Jane", "ZOË" = "zoe"); titles (Mr, Mrs, Ms,
 * Miss, Mx, Dr) are ignored; "Patel, Sam" is "Sam Patel".
 *  - same: the same words in any order, or the same first and last word whatever comes between,
 *    so a middle name or middle initial on one side only is tolerated ("Sam J. Patel", "Samuel
 *    James Patel" = "Samuel Patel"); where the register has only an initial, a full word starting
 *    with it agrees ("Sam Patel" for "S Patel").
 *  - initials: the words the form gives are initials of, or equal to, the registered ones, with at
 *    least one initial ("S. Patel", "S J Patel" for "Sam Patel"): the same person, probably, but
 *    not a full name, which is what the form asks for.
 *  - short_form: the last words agree and one first name starts with the other ("Sam" / "Samuel"):
 *    perhaps a short form, perhaps someone else; a person must decide.
 *  - different: anything else.
 */
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace evidex::query {

enum class NameMatch { same, initials, short_form, different };

/// The words of a name as compared: {"sam", "patel"} for "Mr Patel, Sam".
std::vector<std::string> name_words(std::string_view name);

NameMatch compare_names(std::string_view written, std::string_view registered);

}  // namespace evidex::query
