/** @file
 * @brief Factories of the format handlers, each defined in the file named after its format.
 */
#pragma once

#include "indexer/extract/extractor.hpp"

namespace evidex::indexer {

std::shared_ptr<const Extractor> make_text_extractor();  // text.cpp: plain text, CSV, any encoding
std::shared_ptr<const Extractor> make_eml_extractor();   // eml.cpp: message/rfc822
std::shared_ptr<const Extractor> make_mbox_extractor();  // eml.cpp: mbox, one child per message
std::shared_ptr<const Extractor> make_msg_extractor();   // msg.cpp: Outlook .msg
std::shared_ptr<const Extractor> make_html_extractor();  // html.cpp: HTML, XHTML, any declared charset
std::shared_ptr<const Extractor> make_rtf_extractor();   // rtf.cpp: RTF, code pages and \uN
std::shared_ptr<const Extractor> make_xml_extractor();   // xml.cpp: generic XML, text nodes
std::shared_ptr<const Extractor> make_pdf_extractor();  // pdf.cpp: PDF via poppler
std::shared_ptr<const Extractor> make_ooxml_extractor();  // ooxml.cpp: docx, xlsx, xlsm, pptx
/// ooxml.cpp: an OLE2 file holding an EncryptedPackage (password-protected docx/xlsx/pptx)
std::shared_ptr<const Extractor> make_encrypted_office_extractor();
std::shared_ptr<const Extractor> make_odf_extractor();  // odf.cpp: odt, ods, odp, sxw, sxc, sxi
std::shared_ptr<const Extractor> make_legacy_office_extractor();  // legacy_office.cpp: doc, xls, ppt
std::shared_ptr<const Extractor> make_archive_extractor();  // archive.cpp: zip, tar, 7z, rar, ... via libarchive
std::shared_ptr<const Extractor> make_media_extractor();  // media.cpp: image/audio/video, meta only

}  // namespace evidex::indexer
