# What `cmake --install` puts where (docs/library.md#installing): the accord binary, the
# shipped rules (the installed binary's and library's default rules), the library with its
# header, CMake package (find_package(accord) -> accord::accord) and pkg-config file.
include(CMakePackageConfigHelpers)
set(ACCORD_INSTALL_RULESDIR ${CMAKE_INSTALL_DATADIR}/accord/rules)
set(ACCORD_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/accord)

install(TARGETS accord RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/rules/ DESTINATION ${ACCORD_INSTALL_RULESDIR})
install(TARGETS accord_lib EXPORT accordTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/accord DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT accordTargets NAMESPACE accord:: DESTINATION ${ACCORD_INSTALL_CMAKEDIR})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/accordConfig.cmake.in
  ${PROJECT_BINARY_DIR}/accordConfig.cmake INSTALL_DESTINATION ${ACCORD_INSTALL_CMAKEDIR}
  PATH_VARS ACCORD_INSTALL_RULESDIR)
# 0.x: a minor version may change the API.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/accordConfigVersion.cmake COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/accordConfig.cmake ${PROJECT_BINARY_DIR}/accordConfigVersion.cmake
  DESTINATION ${ACCORD_INSTALL_CMAKEDIR})
file(RELATIVE_PATH ACCORD_PC_TO_PREFIX ${CMAKE_INSTALL_FULL_LIBDIR}/pkgconfig ${CMAKE_INSTALL_PREFIX})
configure_file(${PROJECT_SOURCE_DIR}/cmake/accord.pc.in ${PROJECT_BINARY_DIR}/accord.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/accord.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
