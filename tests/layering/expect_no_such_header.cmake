# Builds a probe that includes a header its stage must not see, and passes only when the
# build fails because that header is not found (not for any other reason).
#   cmake -DBUILD_DIR=... -DTARGET=... -DHEADER=... -P expect_no_such_header.cmake
execute_process(COMMAND ${CMAKE_COMMAND} --build ${BUILD_DIR} --target ${TARGET}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(rc EQUAL 0)
  message(FATAL_ERROR "${TARGET}: built, but its stage must not see ${HEADER}")
endif()
string(FIND "${out}" "${HEADER}: No such file or directory" at)
if(at EQUAL -1)
  message(FATAL_ERROR "${TARGET}: failed for another reason than ${HEADER} being out of reach:\n${out}")
endif()
message(STATUS "${TARGET}: ${HEADER} is out of reach, as it should be")
