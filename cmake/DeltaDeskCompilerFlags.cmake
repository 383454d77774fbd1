# Warnings for every target of the project, errors in CI, and the sanitizer
# configuration that runs the whole test suite a second time.
add_compile_options(-Wall -Wextra -Wpedantic -Wno-missing-field-initializers)
if(DELTADESK_WERROR)
    add_compile_options(-Werror)
endif()

# Qt's own guard rails: no implicit const char* <-> QString, no foreach.
add_compile_definitions(
    QT_NO_CAST_TO_ASCII QT_NO_CAST_FROM_BYTEARRAY
    QT_NO_URL_CAST_FROM_STRING QT_NO_FOREACH QT_USE_QSTRINGBUILDER
    QT_DISABLE_DEPRECATED_BEFORE=0x060400
    DELTADESK_VERSION="${PROJECT_VERSION}")

# Debian's hardening for what we ship: stack protector, fortified libc calls
# (they need optimisation, so not in Debug), read-only relocations bound now.
if(NOT DELTADESK_SANITIZE)
    add_compile_options(-fstack-protector-strong
                        $<$<NOT:$<CONFIG:Debug>>:-D_FORTIFY_SOURCE=2>)
    add_link_options(-Wl,-z,relro,-z,now)
endif()

if(DELTADESK_SANITIZE)
    set(_san -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
    add_compile_options(${_san} -O1 -g)
    add_link_options(${_san})
endif()
