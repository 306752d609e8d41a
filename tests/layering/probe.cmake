# One layering probe: compiles `#include "HEADER"` with only the include roots ROOTS
# ('|'-separated) of a stage. EXPECT=fail passes only when the compiler cannot find HEADER
# (not for any other reason); EXPECT=pass only when it compiles.
#   cmake -DCOMPILER=c++ -DROOTS=a|b -DSTAGE=check -DHEADER=x/y.h -DEXPECT=fail -DWORK=dir -P probe.cmake
# Each probe has a file of its own (tests run in parallel, and a file being rewritten by
# another probe would compile as empty).
string(MAKE_C_IDENTIFIER "${STAGE}_${HEADER}_${EXPECT}" name)
file(MAKE_DIRECTORY ${WORK})
set(source ${WORK}/${name}.cpp)
file(WRITE ${source} "#include \"${HEADER}\"\n")
string(REPLACE "|" ";" roots "${ROOTS}")
list(TRANSFORM roots PREPEND -I)
execute_process(COMMAND ${COMPILER} -std=c++20 -fsyntax-only ${roots} ${source}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(EXPECT STREQUAL "pass")
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${HEADER} should be within the stage's reach, but:\n${out}")
  endif()
  return()
endif()
if(rc EQUAL 0)
  message(FATAL_ERROR "${HEADER} compiled: the stage must not see it")
endif()
string(FIND "${out}" "${HEADER}' file not found" clang_at)
string(FIND "${out}" "${HEADER}: No such file or directory" gcc_at)
if(clang_at EQUAL -1 AND gcc_at EQUAL -1)
  message(FATAL_ERROR "failed for another reason than ${HEADER} being out of reach:\n${out}")
endif()
