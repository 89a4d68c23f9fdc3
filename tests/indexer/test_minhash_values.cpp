// Stored signatures must keep their meaning across builds: minhash() computes the high half of
// a[i] * s + b[i] (mod 2^64) in 32-bit pieces, and must give the 64-bit formula's numbers. The
// expected values were computed outside evidex, in Python with arbitrary-precision integers, from
// the functions' definition (splitmix64 from the seed "evidex!", a odd): see the generator below.
//   M = 2**64 - 1; mix64 = splitmix64 finaliser; state = 0x65766964657821
//   for i in range(128): a[i] = mix64(state += golden) | 1; b[i] = mix64(state += golden)
//   mins[i] = min(((a[i] * s + b[i]) & M) >> 32 for s in shingles)
#include "indexer/store/signatures.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <numeric>
#include <vector>

using namespace evidex;

TEST_CASE("minhash: the 64-bit multiply-shift numbers, whatever the vector width", "[store][signatures]") {
  const std::vector<std::uint64_t> shingles = {0,           1,          0xffffffffffffffffULL, 0x8000000000000005ULL,
                                               0x123456789abcdef0ULL, 0xdeadbeefULL, 0xfedcba9876543210ULL};
  const auto mins = indexer::minhash(shingles);
  REQUIRE(mins.size() == indexer::k_minhash_size);
  const std::vector<std::uint32_t> first = {213845664, 1619416946, 343202303, 262909407, 891509716,  534102913,
                                            411588276, 860665613,  782752184, 130383881, 313564070,  992572037,
                                            1870882454, 1367553538, 1097460028, 723562578};
  CHECK(std::vector<std::uint32_t>(mins.begin(), mins.begin() + 16) == first);
  CHECK(mins.back() == 20387537u);
  const std::uint32_t sum = std::accumulate(mins.begin(), mins.end(), std::uint32_t{0});  // mod 2^32
  CHECK(sum == 3347822119u);
}
