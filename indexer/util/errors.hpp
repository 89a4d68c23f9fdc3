/** @file
 * @brief The error types of evidex. Severity is in the type:
 *  - ItemError: one item of a bundle is bad (corrupt, encrypted, over a limit). Expected in uploads:
 *    recorded on the item, and the ingest goes on. Caught only in pipeline/ingest.cpp.
 *  - InputError: what the user pointed us at cannot be read at all (exit code 3).
 *  - UsageError: the command line is wrong (exit code 2).
 *  - StoreError: the store itself failed (SQLite, Xapian, disk); the operation is abandoned and
 *    the store is left as it was.
 * Every message names the file it is about.
 */
#pragma once

#include <stdexcept>
#include <string>

namespace evidex {

class Error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// One bad item. what() is "<item path>: <reason>"; reason() is the reason alone, and starts with
/// one of the words users grep for: "encrypted", "corrupt", "unsupported format", "limit exceeded",
/// "unsafe entry", "timeout", "out of memory", "empty".
class ItemError : public Error {
public:
  ItemError(std::string item_path, std::string reason)
      : Error(item_path.empty() ? reason : item_path + ": " + reason),
        m_item_path(std::move(item_path)), m_reason(std::move(reason)) {}
  const std::string& item_path() const { return m_item_path; }
  const std::string& reason() const { return m_reason; }

private:
  std::string m_item_path;
  std::string m_reason;
};

class InputError : public Error {
public:
  using Error::Error;
};

class UsageError : public Error {
public:
  using Error::Error;
};

class StoreError : public Error {
public:
  using Error::Error;
};

/// The user stopped the operation (Ctrl-C); nothing was committed.
class Interrupted : public Error {
public:
  using Error::Error;
};

}  // namespace evidex
