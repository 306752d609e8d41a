# `make deb` (cpack in the build directory): a Debian package of everything `cmake --install`
# installs, under /usr. Its dependencies (the shared libraries the binary, libaccord.so and the
# Python module link) are computed by dpkg-shlibdeps, so `apt install ./accord_*.deb` pulls
# them on a fresh Debian 12. Every installed path is relative to the binary or the library,
# so the package's /usr prefix needs no rebuild.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME accord)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "Accord maintainers <accord@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "decides proposed actions against treaty and charter clauses")
set(CPACK_PACKAGE_DESCRIPTION "Accord decides whether a proposed military or political action (a foreign air base,
a deployment, an accession) is permitted, needs consent (from whom), is vetoed (by whom) or is
prohibited under the treaties it encodes, and explains why, quoting the treaty text. This
package holds the accord command, its manual pages and bash completion, the shipped rule packs
(CSTO, NATO), the C++ library (libaccord, its header, CMake package and pkg-config file) and
the Python module.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# The Python module is built for the Debian 12 python3 (3.11); the rest needs no Python.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "python3 (>= 3.11), python3 (<< 3.12)")
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
set(CPACK_STRIP_FILES ON)
include(CPack)
