#pragma once

namespace evidex::indexer {

inline constexpr int k_schema_version = 4;
extern const char* const k_schema_sql;

}  // namespace evidex::indexer
