#include "indexer/store/templates.hpp"

#include "indexer/store/signatures.hpp"
#include "indexer/util/errors.hpp"
#include "indexer/util/sha256.hpp"

namespace evidex::indexer {
namespace {

// shared/seeds/004_… (ST0072 EPA toolkit, VTCT Skills), Appendix 4, verbatim: every apprentice
// uploads this form, filled in, with their showcase.
constexpr const char* k_declaration_text =
    "Declaration of Authenticity\n\n"
    "Apprenticeship Standard\tCustomer Service Practitioner\n"
    "Component\tShowcase\n\n"
    "I confirm that the work/evidence uploaded is my own work and has been personally created by me and "
    "demonstrates my knowledge, skills and competence.\n\n"
    "I understand that the grade awarded may be invalidated, if it is found work/evidence that does not belong "
    "to me has been uploaded.\n\n"
    "All work/evidence uploaded towards this assessment is current.\n\n"
    "Apprentice name\t\nApprentice signature\t\nDate\t\n\n"
    "I confirm that the Showcase work/evidence is that of the above member of staff\n\n"
    "Employer name\t\nEmployer signature\t\nDate\t\n\n"
    "***** The Apprentice will complete and upload this form at the same time as uploading the Showcase to "
    "SEPA via their login*****";

// evidex's blank witness statement, after the toolkit's guidance on witness statements ("completed by
// a person who is familiar with you; who, what, where, when, why and how; specific, work related
// examples"). fixtures/duplicates/forms/witness-statement-blank.docx is this form. Providers with a
// form of their own register it with `evidex template add`.
constexpr const char* k_witness_statement_text =
    "Witness Statement\n\n"
    "Apprentice name:\n"
    "Apprenticeship standard:\n"
    "Employer:\n"
    "Witness name:\n"
    "Witness job title:\n"
    "Relationship to the apprentice:\n"
    "Date(s) of the activity witnessed:\n\n"
    "Description of the activity witnessed\n"
    "Describe what the apprentice did: who was involved, what happened, where and when, why and how. "
    "Give specific, work related examples.\n\n"
    "Knowledge, skills and behaviours shown (criteria references):\n\n"
    "Witness declaration\n"
    "I confirm that I am familiar with the work of the apprentice named above, that I personally witnessed "
    "the activity described in this statement and that it is a true and accurate account.\n\n"
    "Witness signature:\n"
    "Date:\n";

TemplateRecord builtin(std::string key, std::string name, std::string text) {
  TemplateRecord t;
  t.key = std::move(key);
  t.name = std::move(name);
  std::string normalised = normalise_for_comparison(text);
  t.sha256 = sha256_hex(normalised);
  t.words = split_words(normalised).size();
  t.text = std::move(text);
  return t;
}

TemplateRecord read_template(const Stmt& s) {
  TemplateRecord t;
  t.id = s.integer(0);
  t.name = s.text(1);
  t.sha256 = s.text(2);
  t.text = s.text(3);
  t.added_at = s.text(4);
  t.words = split_words(normalise_for_comparison(t.text)).size();
  return t;
}

}  // namespace

const std::vector<TemplateRecord>& builtin_templates() {
  static const std::vector<TemplateRecord> templates = {
      builtin("declaration-of-authenticity", "Declaration of Authenticity (ST0072 EPA toolkit, Appendix 4)",
              k_declaration_text),
      builtin("witness-statement", "Witness statement (evidex's blank form)", k_witness_statement_text),
  };
  return templates;
}

std::vector<TemplateRecord> templates(Store& store) {
  std::vector<TemplateRecord> out = builtin_templates();
  Stmt s = store.db().prepare("SELECT id, name, sha256, text, added_at FROM templates ORDER BY id");
  while (s.step()) {
    out.push_back(read_template(s));
  }
  return out;
}

AddedTemplate add_template(Store& store, const std::string& name, const std::string& text) {
  std::string normalised = normalise_for_comparison(text);
  std::size_t words = split_words(normalised).size();
  if (words < k_min_template_words) {
    throw InputError(name + ": too little text for a template (" + std::to_string(words) + " words; at least " +
                     std::to_string(k_min_template_words) + " needed)");
  }
  std::string sha = sha256_hex(normalised);
  for (const auto& t : builtin_templates()) {
    if (t.sha256 == sha) {
      throw InputError(name + ": this is the built-in template '" + t.name + "'");
    }
  }
  AddedTemplate result;
  {
    Stmt existing = store.db().prepare("SELECT id, name, sha256, text, added_at FROM templates WHERE sha256 = ?");
    existing.bind(1, sha);
    if (existing.step()) {
      result.record = read_template(existing);
      return result;
    }
  }
  {
    Transaction t(store.db());
    store.db()
        .prepare("INSERT INTO templates(name, sha256, text, added_at) VALUES(?, ?, ?, ?)")
        .bind(1, name)
        .bind(2, sha)
        .bind(3, text)
        .bind(4, utc_now_iso())
        .run();
    std::int64_t id = store.db().last_insert_id();
    clear_signatures(store);  // they discounted the old set of templates
    t.commit();
    Stmt s = store.db().prepare("SELECT id, name, sha256, text, added_at FROM templates WHERE id = ?");
    s.bind(1, id);
    s.step();
    result.record = read_template(s);
    result.added = true;
  }
  // A crash here leaves signatures missing, which the next `evidex duplicates` computes.
  result.signatures = update_signatures(store);
  return result;
}

std::optional<std::size_t> remove_template(Store& store, std::int64_t id) {
  {
    Transaction t(store.db());
    store.db().prepare("DELETE FROM templates WHERE id = ?").bind(1, id).run();
    if (store.db().changes() == 0) {
      return std::nullopt;
    }
    clear_signatures(store);
    t.commit();
  }
  return update_signatures(store);
}

}  // namespace evidex::indexer
