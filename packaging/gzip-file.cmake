# cmake -DIN=file -DOUT=file.gz -DGZIP=/bin/gzip -P gzip-file.cmake
# Compresses the way Debian wants it (max compression, no name or time stamp
# in the header, so the package is reproducible). A script rather than a
# shell redirect in add_custom_command, which generators quote differently.
execute_process(COMMAND "${GZIP}" -9 -n -c "${IN}"
    OUTPUT_FILE "${OUT}" RESULT_VARIABLE result)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "gzip ${IN} failed: ${result}")
endif()
