/** @file
 * @brief Results that are costly to compute (the readiness check reads every other apprentice's
 * duplicate signatures), each kept under the version of what it was computed from: the caller's
 * key says what that is (an apprentice's fingerprint, the store's files' stamp).
 */
#pragma once

#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace evidex::web {

/// The modification times and sizes of the store's SQLite files and index: changes whenever something
/// is committed to the store at `dir` (and at checkpoints, which only costs a recomputation).
std::string store_version(const std::filesystem::path& dir);

template <class Value>
class ResultCache {
public:
  explicit ResultCache(std::size_t capacity) : m_capacity(capacity) {}

  std::optional<Value> get(const std::string& key, const std::string& version) {
    std::lock_guard lock(m_mutex);
    auto it = m_entries.find(key);
    if (it == m_entries.end() || it->second.first != version) {
      return std::nullopt;
    }
    return it->second.second;
  }

  void put(const std::string& key, const std::string& version, Value value) {
    std::lock_guard lock(m_mutex);
    if (m_entries.size() >= m_capacity && !m_entries.count(key)) {
      m_entries.clear();  // simple and bounded; a full cache is rebuilt by the next requests
    }
    m_entries[key] = {version, std::move(value)};
  }

private:
  std::size_t m_capacity;
  std::mutex m_mutex;
  std::map<std::string, std::pair<std::string, Value>> m_entries;
};

}  // namespace evidex::web
