/** @file
 * @brief Owners for the handles of the C libraries we use. Give every handle an owner on the line
 * that creates it, and read its error text before it is freed.
 */
#pragma once

#include <cstdio>
#include <memory>
#include <unistd.h>

namespace evidex {

/// Deleter that calls a C free function, ignoring null.
template <auto Free>
struct CFree {
  template <class T>
  void operator()(T* p) const noexcept {
    if (p) {
      Free(p);
    }
  }
};

using FilePtr = std::unique_ptr<FILE, CFree<std::fclose>>;

/// Move-only owner of a POSIX file descriptor.
class UniqueFd {
public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : m_fd(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : m_fd(other.release()) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept {
    if (this != &other) {
      reset(other.release());
    }
    return *this;
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd() { reset(); }

  int get() const { return m_fd; }
  explicit operator bool() const { return m_fd >= 0; }
  int release() {
    int fd = m_fd;
    m_fd = -1;
    return fd;
  }
  void reset(int fd = -1) {
    if (m_fd >= 0) {
      ::close(m_fd);
    }
    m_fd = fd;
  }

private:
  int m_fd = -1;
};

}  // namespace evidex
