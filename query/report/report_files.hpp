/** @file
 * @brief The files around `evidex report`'s page: where its links to the originals lead, the copies
 * of the originals it can take along, and writing the page without ever leaving half of it.
 */
#pragma once

#include "indexer/store/store.hpp"
#include "query/report/report_html.hpp"

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace evidex::query {

/// Links to the originals where the store keeps them (<store>/blobs/<aa>/<sha256>), as absolute
/// file:// URLs: they open on the machine that holds the store. Items whose original is not there
/// get no link.
std::map<std::string, ItemLink> store_links(const indexer::Store& store,
                                            const std::vector<indexer::ItemRecord>& items);

/// The folder the originals are copied to: "<dir>/<stem>_files" for "<dir>/<stem>.html".
std::filesystem::path copies_dir(const std::filesystem::path& report_file);

/// A name an item's copy can be saved under on any system: the last part of its path, with
/// control characters and / \ : * ? " < > | replaced by '_', no leading dot, at most 120 bytes
/// (keeping the extension); "item" when nothing is left.
std::string safe_file_name(std::string_view item_path);

/// Copies every item's original into copies_dir(report_file) under safe_file_name() (made unique:
/// "name (2).ext"), and returns links relative to the page. The folder is built beside it under a
/// temporary name and then put in place of the previous copies. A folder of that name that evidex
/// did not make is left alone: InputError.
std::map<std::string, ItemLink> copy_originals(const indexer::Store& store,
                                               const std::vector<indexer::ItemRecord>& items,
                                               const std::filesystem::path& report_file);

/// Writes `bytes` to a temporary file beside `file`, then renames it over `file`: a reader sees the
/// old page or the new one, never part of one. InputError naming the file when it cannot.
void write_file_atomically(const std::filesystem::path& file, std::string_view bytes);

}  // namespace evidex::query
