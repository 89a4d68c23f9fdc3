#include "mapping/standard/standard.hpp"

#include "mapping/standard/data_dir.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

namespace evidex::mapping {
namespace {

constexpr int k_format = 1;

// Validation walks the JSON with the key path kept, so every message says where the problem is.
class Reader {
public:
  Reader(std::string file) : m_file(std::move(file)) {}

  [[noreturn]] void fail(const std::string& where, const std::string& what) const {
    throw DataFileError(m_file + ": " + (where.empty() ? "" : where + ": ") + what);
  }

  const nlohmann::json& member(const nlohmann::json& obj, const std::string& where,
                               const char* key) const {
    auto it = obj.find(key);
    if (it == obj.end()) {
      fail(where, std::string("missing key '") + key + "'");
    }
    return *it;
  }
  std::string string(const nlohmann::json& obj, const std::string& where, const char* key,
                     bool required = true) const {
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) {
      if (required) {
        fail(where, std::string("missing key '") + key + "'");
      }
      return {};
    }
    if (!it->is_string()) {
      fail(join(where, key), "expected a string");
    }
    return it->get<std::string>();
  }
  std::optional<int> integer(const nlohmann::json& obj, const std::string& where, const char* key,
                             bool required) const {
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) {
      if (required) {
        fail(where, std::string("missing key '") + key + "'");
      }
      return std::nullopt;
    }
    if (!it->is_number_integer()) {
      fail(join(where, key), "expected a whole number");
    }
    return it->get<int>();
  }
  bool boolean(const nlohmann::json& obj, const std::string& where, const char* key) const {
    const auto& v = member(obj, where, key);
    if (!v.is_boolean()) {
      fail(join(where, key), "expected true or false");
    }
    return v.get<bool>();
  }
  const nlohmann::json& array(const nlohmann::json& obj, const std::string& where, const char* key,
                              bool required = true) const {
    static const nlohmann::json empty = nlohmann::json::array();
    auto it = obj.find(key);
    if (it == obj.end()) {
      if (required) {
        fail(where, std::string("missing key '") + key + "'");
      }
      return empty;
    }
    if (!it->is_array()) {
      fail(join(where, key), "expected a list");
    }
    return *it;
  }
  void object(const nlohmann::json& v, const std::string& where) const {
    if (!v.is_object()) {
      fail(where, "expected an object");
    }
  }

  static std::string join(const std::string& where, const std::string& key) {
    return where.empty() ? key : where + "." + key;
  }
  static std::string index(const std::string& where, const char* key, std::size_t i) {
    return join(where, key) + "[" + std::to_string(i) + "]";
  }

private:
  std::string m_file;
};

nlohmann::json parse_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    throw DataFileError(file.string() + ": cannot be read");
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  try {
    return nlohmann::json::parse(buffer.str(), nullptr, true, /*ignore_comments=*/true);
  } catch (const nlohmann::json::parse_error& e) {
    // nlohmann's message reads "[json.exception.parse_error.101] parse error at line 4, column 3:
    // syntax error ..."; the part after the bracket is what a person needs.
    std::string what = e.what();
    auto at = what.find("] ");
    throw DataFileError(file.string() + ": not valid JSON: " +
                        (at == std::string::npos ? what : what.substr(at + 2)));
  }
}

void read_criterion(const Reader& r, const nlohmann::json& c, const std::string& where,
                    Standard& standard, std::size_t module_index,
                    const std::set<std::string>& method_ids) {
  r.object(c, where);
  Criterion out;
  out.ref = r.string(c, where, "ref");
  out.text = r.string(c, where, "text");
  out.delivery = r.string(c, where, "delivery", false);
  const auto& terms = r.array(c, where, "evidence_terms", false);
  for (std::size_t i = 0; i < terms.size(); ++i) {
    if (!terms[i].is_string()) {
      r.fail(Reader::index(where, "evidence_terms", i), "expected a string");
    }
    out.evidence_terms.push_back(terms[i].get<std::string>());
  }
  out.module_index = module_index;
  const Module& module = standard.modules[module_index];

  static const std::regex module_form("([1-9][0-9]?)([KSB])([1-9][0-9]?)");
  static const std::regex plain_form("([KSB])([1-9][0-9]?)");
  std::smatch m;
  if (standard.form == RefForm::module) {
    if (!std::regex_match(out.ref, m, module_form)) {
      r.fail(Reader::join(where, "ref"), "'" + out.ref + "' is not of the form <module><K|S|B><number>, e.g. 2K1");
    }
    out.module = std::stoi(m[1]);
    out.type = m[2].str()[0];
    out.number = std::stoi(m[3]);
    if (out.module != module.number) {
      r.fail(Reader::join(where, "ref"), "'" + out.ref + "' is not in module " +
                                             std::to_string(module.number));
    }
  } else {
    if (!std::regex_match(out.ref, m, plain_form)) {
      r.fail(Reader::join(where, "ref"), "'" + out.ref + "' is not of the form <K|S|B><number>, e.g. K1");
    }
    out.type = m[1].str()[0];
    out.number = std::stoi(m[2]);
  }
  if (standard.find(out.ref)) {
    r.fail(Reader::join(where, "ref"), "'" + out.ref + "' is defined twice");
  }
  const auto& methods = r.array(c, where, "methods");
  if (methods.empty()) {
    r.fail(Reader::join(where, "methods"), "a criterion needs at least one method");
  }
  for (std::size_t i = 0; i < methods.size(); ++i) {
    std::string w = Reader::index(where, "methods", i);
    if (!methods[i].is_string()) {
      r.fail(w, "expected a method id");
    }
    std::string id = methods[i].get<std::string>();
    if (!method_ids.count(id)) {
      r.fail(w, "unknown method '" + id + "'");
    }
    out.methods.push_back(id);
  }
  // "distinction": true | false | ["method", ...] (distinction in those methods only).
  const auto& distinction = r.member(c, where, "distinction");
  if (distinction.is_boolean()) {
    out.distinction = distinction.get<bool>();
    if (out.distinction) {
      out.distinction_methods = out.methods;
    }
  } else if (distinction.is_array()) {
    for (std::size_t i = 0; i < distinction.size(); ++i) {
      std::string w = Reader::index(where, "distinction", i);
      if (!distinction[i].is_string() ||
          std::find(out.methods.begin(), out.methods.end(), distinction[i].get<std::string>()) == out.methods.end()) {
        r.fail(w, "expected one of the criterion's methods");
      }
      out.distinction_methods.push_back(distinction[i].get<std::string>());
    }
    out.distinction = !out.distinction_methods.empty();
  } else {
    r.fail(Reader::join(where, "distinction"), "expected true, false or a list of methods");
  }
  standard.modules[module_index].criteria.push_back(standard.criteria.size());
  standard.criteria.push_back(std::move(out));
}

}  // namespace

bool Criterion::distinction_in(std::string_view method) const {
  if (method == "all") {
    return distinction;
  }
  return std::find(distinction_methods.begin(), distinction_methods.end(), method) != distinction_methods.end();
}

const Criterion* Standard::find(std::string_view ref) const {
  for (const auto& c : criteria) {
    if (c.ref == ref) {
      return &c;
    }
  }
  return nullptr;
}

const Method* Standard::method(std::string_view id) const {
  for (const auto& m : methods) {
    if (m.id == id) {
      return &m;
    }
  }
  return nullptr;
}

std::vector<const Criterion*> Standard::criteria_for(std::string_view method_id) const {
  std::vector<const Criterion*> out;
  for (const auto& c : criteria) {
    if (method_id == "all" ||
        std::find(c.methods.begin(), c.methods.end(), method_id) != c.methods.end()) {
      out.push_back(&c);
    }
  }
  return out;
}

std::vector<const Criterion*> Standard::criteria_with_submitted_evidence() const {
  std::vector<const Criterion*> out;
  for (const auto& c : criteria) {
    bool submitted = std::any_of(c.methods.begin(), c.methods.end(), [&](const std::string& id) {
      const Method* m = method(id);
      return m && m->rules.value("submitted_evidence", false);
    });
    if (submitted) {
      out.push_back(&c);
    }
  }
  return out.empty() ? criteria_for("all") : out;
}

Standard load_standard(const std::filesystem::path& file) {
  const nlohmann::json doc = parse_file(file);
  const Reader r(file.string());
  r.object(doc, "");
  Standard s;
  s.file = file;
  auto format = r.integer(doc, "", "format", true);
  if (*format != k_format) {
    r.fail("format", "format " + std::to_string(*format) + " is not known to this evidex (it reads format " +
                         std::to_string(k_format) + ")");
  }
  s.id = r.string(doc, "", "id");
  if (s.id.empty() || s.id.find_first_of("/ \t") != std::string::npos) {
    r.fail("id", "'" + s.id + "' is not a usable standard id");
  }
  s.title = r.string(doc, "", "title");
  s.level = r.integer(doc, "", "level", false).value_or(0);
  s.source = r.string(doc, "", "source", false);
  std::string form = r.string(doc, "", "reference_form");
  if (form == "module") {
    s.form = RefForm::module;
  } else if (form == "plain") {
    s.form = RefForm::plain;
  } else {
    r.fail("reference_form", "'" + form + "' is neither 'module' nor 'plain'");
  }
  const auto& notes = r.array(doc, "", "notes", false);
  for (std::size_t i = 0; i < notes.size(); ++i) {
    if (!notes[i].is_string()) {
      r.fail(Reader::index("", "notes", i), "expected a string");
    }
    s.notes.push_back(notes[i].get<std::string>());
  }

  std::set<std::string> method_ids;
  const auto& methods = r.array(doc, "", "methods");
  if (methods.empty()) {
    r.fail("methods", "a standard needs at least one assessment method");
  }
  for (std::size_t i = 0; i < methods.size(); ++i) {
    std::string where = Reader::index("", "methods", i);
    r.object(methods[i], where);
    Method m;
    m.id = r.string(methods[i], where, "id");
    if (m.id.empty() || m.id == "all" || !method_ids.insert(m.id).second) {
      r.fail(Reader::join(where, "id"), "'" + m.id + "' is empty, reserved or defined twice");
    }
    m.title = r.string(methods[i], where, "title");
    m.weighting_percent = r.integer(methods[i], where, "weighting_percent", false);
    m.distinction_required = r.integer(methods[i], where, "distinction_required", false);
    m.grading = r.string(methods[i], where, "grading", false);
    if (auto it = methods[i].find("rules"); it != methods[i].end()) {
      r.object(*it, Reader::join(where, "rules"));
      m.rules = *it;
    } else {
      m.rules = nlohmann::json::object();
    }
    s.methods.push_back(std::move(m));
  }

  const auto& modules = r.array(doc, "", "modules");
  for (std::size_t i = 0; i < modules.size(); ++i) {
    std::string where = Reader::index("", "modules", i);
    r.object(modules[i], where);
    Module mod;
    mod.number = r.integer(modules[i], where, "number", s.form == RefForm::module).value_or(0);
    mod.title = r.string(modules[i], where, "title");
    mod.summary = r.string(modules[i], where, "summary", false);
    s.modules.push_back(std::move(mod));
    const auto& criteria = r.array(modules[i], where, "criteria");
    for (std::size_t j = 0; j < criteria.size(); ++j) {
      read_criterion(r, criteria[j], Reader::index(where, "criteria", j), s, s.modules.size() - 1,
                     method_ids);
    }
  }
  if (s.criteria.empty()) {
    r.fail("modules", "no criteria defined");
  }
  for (std::size_t i = 0; i < s.methods.size(); ++i) {
    const Method& m = s.methods[i];
    int distinctions = 0;
    for (const Criterion* c : s.criteria_for(m.id)) {
      distinctions += c->distinction_in(m.id) ? 1 : 0;
    }
    if (m.distinction_required && (*m.distinction_required < 0 || *m.distinction_required > distinctions)) {
      r.fail(Reader::join(Reader::index("", "methods", i), "distinction_required"),
             std::to_string(*m.distinction_required) + " required, but the method assesses " +
                 std::to_string(distinctions) + " distinction criteria");
    }
  }
  return s;
}

StandardLibrary::StandardLibrary(std::vector<std::filesystem::path> dirs) {
  for (const auto& dir : dirs) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) {
      continue;
    }
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
      if (entry.path().extension() == ".json") {
        files.push_back(entry.path());
      }
    }
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
      Standard s = load_standard(file);
      if (!find(s.id)) {
        m_standards.push_back(std::move(s));
      }
    }
  }
}

const Standard* StandardLibrary::find(std::string_view id) const {
  for (const auto& s : m_standards) {
    if (s.id == id) {
      return &s;
    }
  }
  return nullptr;
}

const Standard& StandardLibrary::get(std::string_view id) const {
  if (const Standard* s = find(id)) {
    return *s;
  }
  std::string known;
  for (const auto& s : m_standards) {
    known += (known.empty() ? "" : ", ") + s.id;
  }
  throw InputError("unknown standard '" + std::string(id) + "' (known: " +
                   (known.empty() ? "none" : known) + ")");
}

std::vector<std::filesystem::path> standard_dirs(const std::filesystem::path& extra) {
  std::vector<std::filesystem::path> dirs;
  if (!extra.empty()) {
    if (!std::filesystem::is_directory(extra)) {
      throw InputError(extra.string() + ": not a folder of standards");
    }
    dirs.push_back(extra);
  }
  if (const char* env = std::getenv("EVIDEX_STANDARDS"); env && *env) {
    dirs.emplace_back(env);
  }
  // Then the shipped folder (shipped_data_dir(), beside the binary). A user's own folders are enough
  // without it (a binary copied on its own), but with none at all the error says where it looked.
  if (dirs.empty()) {
    dirs.push_back(shipped_data_dir() / "standards");
  } else if (std::error_code ec; std::filesystem::is_directory(shipped_data_candidate() / "standards", ec)) {
    dirs.push_back(shipped_data_candidate() / "standards");
  }
  return dirs;
}

}  // namespace evidex::mapping
