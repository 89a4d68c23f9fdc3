# What `cmake --install` puts where, and the Debian package CPack makes of it (`cpack -G DEB` in the
# build folder, or scripts/package.sh). The binary finds its data as ../share/evidex from its own
# folder (mapping/standard/data_dir.cpp), so bin/ and share/ must stay siblings.
if(NOT CMAKE_INSTALL_BINDIR STREQUAL "bin" OR NOT CMAKE_INSTALL_DATADIR STREQUAL "share")
  message(WARNING "evidex looks for its data in ../share/evidex beside its binary: with "
                  "CMAKE_INSTALL_BINDIR=${CMAKE_INSTALL_BINDIR} and CMAKE_INSTALL_DATADIR=${CMAKE_INSTALL_DATADIR} "
                  "the installed binary needs --standards or EVIDEX_STANDARDS")
endif()

# `make install` and cpack install what is built instead of building every target first (the tests and
# benchmarks too): `scripts/build.sh evidex` (or `--target evidex`) is all an install needs.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY TRUE)
install(TARGETS evidex RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${EVIDEX_STANDARD_FILES} DESTINATION ${CMAKE_INSTALL_DATADIR}/evidex/standards)
install(FILES ${EVIDEX_BANK_HOLIDAYS_FILE} DESTINATION ${CMAKE_INSTALL_DATADIR}/evidex)
# The man page and the completion are written by hand in cli/ (tests/e2e/test_cli_manual.cpp and
# test_cli_completion.cpp hold them to the binary). Debian's policy: manual pages compressed with
# gzip -9n (no name or time stamp, so the package is reproducible).
set(EVIDEX_MANUAL_GZ ${CMAKE_BINARY_DIR}/share/man/man1/evidex.1.gz)
add_custom_command(OUTPUT ${EVIDEX_MANUAL_GZ}
                   COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/share/man/man1
                   COMMAND sh -c "gzip -9n -c '${PROJECT_SOURCE_DIR}/cli/evidex.1' > '${EVIDEX_MANUAL_GZ}'"
                   DEPENDS ${PROJECT_SOURCE_DIR}/cli/evidex.1 VERBATIM)
add_custom_target(evidex_manual ALL DEPENDS ${EVIDEX_MANUAL_GZ})
add_dependencies(evidex evidex_manual)
install(FILES ${EVIDEX_MANUAL_GZ} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${PROJECT_SOURCE_DIR}/cli/evidex.bash DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
        RENAME evidex)
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME evidex)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "Seed 8ff14880 maintainers <maintainers@users.noreply.h-seed-8ff14880.example>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "index and check apprentices' end-point-assessment evidence")
# One string: the pieces of a list would be joined with ';'.
string(CONCAT CPACK_DEBIAN_PACKAGE_DESCRIPTION
       "evidex unpacks an apprentice's evidence portfolio or showcase (archives, office\n"
       "documents, PDF, e-mail, recordings), indexes its text, tags each item against the\n"
       "criteria of the apprenticeship standard and reports coverage, readiness and\n"
       "duplicates for the assessor.")
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
# The libraries' packages come from dpkg-shlibdeps (dpkg-dev); the programs and data evidex runs or
# reads at run time are not linked, so they are named here.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "catdoc, poppler-data, libmagic-mgc")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
# Debian ships stripped binaries; the build tree keeps its line tables.
set(CPACK_STRIP_FILES ON)
include(CPack)
