# The man pages and the bash completion of `accord`, made at build time by the built binary
# from its own command-line definitions (engine/cli/manual.cpp: `accord --help-man [COMMAND]`,
# `accord completion bash`), so they never drift from it; `cmake --install` puts them where
# Debian's man-db and bash-completion look:
#   ${CMAKE_INSTALL_MANDIR}/man1/accord.1.gz, accord-check.1.gz, ... (one page per command;
#       gzip -9n: no name or time stamp in the file, so the package builds reproducibly)
#   ${CMAKE_INSTALL_DATADIR}/bash-completion/completions/accord
# The pages are dated from SOURCE_DATE_EPOCH when it is set.
#
# Included from the top-level CMakeLists.txt; run as a script (cmake -P, the first part) by the
# custom command it defines.

if(CMAKE_SCRIPT_MODE_FILE)
  # cmake -DACCORD=<the accord binary> -DOUT=<dir> [-DGZIP=<gzip>] -P manpages.cmake
  # writes <dir>/man1/*.1[.gz] and <dir>/completions/accord.
  foreach(var ACCORD OUT)
    if(NOT DEFINED ${var})
      message(FATAL_ERROR "manpages.cmake: -D${var}=... is required")
    endif()
  endforeach()
  # Anew, so a page of a command that is gone does not stay behind.
  file(REMOVE_RECURSE ${OUT}/man1 ${OUT}/completions)
  file(MAKE_DIRECTORY ${OUT}/man1 ${OUT}/completions)
  execute_process(COMMAND ${ACCORD} --help-man --list
    OUTPUT_VARIABLE pages ERROR_VARIABLE error RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${ACCORD} --help-man --list failed (${rc}): ${error}")
  endif()
  string(REGEX REPLACE "\n+$" "" pages "${pages}")
  string(REPLACE "\n" ";" pages "${pages}")
  if(NOT pages)
    message(FATAL_ERROR "${ACCORD} --help-man --list named no page")
  endif()
  foreach(page IN LISTS pages)
    execute_process(COMMAND ${ACCORD} --help-man ${page}
      OUTPUT_FILE ${OUT}/man1/${page}.1 ERROR_VARIABLE error RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "${ACCORD} --help-man ${page} failed (${rc}): ${error}")
    endif()
    if(GZIP)
      execute_process(COMMAND ${GZIP} -9nf ${OUT}/man1/${page}.1 ERROR_VARIABLE error RESULT_VARIABLE rc)
      if(NOT rc EQUAL 0)
        message(FATAL_ERROR "${GZIP} ${OUT}/man1/${page}.1 failed (${rc}): ${error}")
      endif()
    endif()
  endforeach()
  execute_process(COMMAND ${ACCORD} completion bash
    OUTPUT_FILE ${OUT}/completions/accord ERROR_VARIABLE error RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${ACCORD} completion bash failed (${rc}): ${error}")
  endif()
  return()
endif()

include(GNUInstallDirs)
if(CMAKE_CROSSCOMPILING)
  message(STATUS "accord: no man pages or bash completion when cross-compiling (they are made by running accord)")
  return()
endif()
# Without gzip (never on Debian) the pages are installed uncompressed; man reads both.
find_program(ACCORD_GZIP gzip)
set(ACCORD_MAN_DIR ${PROJECT_BINARY_DIR}/man)
add_custom_command(OUTPUT ${ACCORD_MAN_DIR}/pages.stamp
  COMMAND ${CMAKE_COMMAND} -DACCORD=$<TARGET_FILE:accord> -DOUT=${ACCORD_MAN_DIR} -DGZIP=${ACCORD_GZIP}
          -P ${CMAKE_CURRENT_LIST_FILE}
  COMMAND ${CMAKE_COMMAND} -E touch ${ACCORD_MAN_DIR}/pages.stamp
  DEPENDS accord ${CMAKE_CURRENT_LIST_FILE}
  COMMENT "Writing the man pages and the bash completion of accord"
  VERBATIM)
add_custom_target(accord_manpages ALL DEPENDS ${ACCORD_MAN_DIR}/pages.stamp)

install(DIRECTORY ${ACCORD_MAN_DIR}/man1/ DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${ACCORD_MAN_DIR}/completions/accord DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
