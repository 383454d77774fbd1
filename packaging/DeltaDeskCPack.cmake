# CPack settings of the two Debian packages (see CMakeLists.txt beside this).
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME deltadesk)
set(CPACK_PACKAGE_VENDOR "The DeltaDesk team")
set(CPACK_PACKAGE_CONTACT "The DeltaDesk team <packaging@deltadesk.example>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_HOMEPAGE_URL ${PROJECT_HOMEPAGE_URL})
# CPackDeb puts any non-default summary in front of the per-package
# description, whose first line is already the synopsis: keep the default.
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${CMAKE_PROJECT_NAME} built using CMake")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_PACKAGE_DIRECTORY ${PROJECT_BINARY_DIR}/packages)
# Stripped binaries: lintian rejects unstripped ones, and the debug info stays
# in the build tree.
set(CPACK_STRIP_FILES ON)

set(CPACK_DEB_COMPONENT_INSTALL ON)
# Only these; anything installed without a component stays out of the packages.
set(CPACK_COMPONENTS_ALL desktop server)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE ${DELTADESK_DEB_RELEASE})
set(CPACK_DEBIAN_PACKAGE_MAINTAINER ${CPACK_PACKAGE_CONTACT})
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SOURCE deltadesk)
# Library dependencies come from dpkg-shlibdeps, per package.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS OFF)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

# deltadesk: plugins are loaded at run time, so dpkg-shlibdeps cannot see
# them: the SQLite driver of QtSql (the cache) and the platform plugins.
set(CPACK_DEBIAN_DESKTOP_PACKAGE_NAME deltadesk)
set(CPACK_DEBIAN_DESKTOP_PACKAGE_DEPENDS "libqt6sql6-sqlite, qt6-qpa-plugins")
# Qt's own German and Spanish texts (standard buttons, --help); DeltaDesk's
# are built into the program, and without these Qt's stay English.
set(CPACK_DEBIAN_DESKTOP_PACKAGE_RECOMMENDS "qt6-wayland, qt6-translations-l10n")
set(CPACK_DEBIAN_DESKTOP_DESCRIPTION
"desktop client with a live local copy of the events business
DeltaDesk shows the events, clients, users, roles and tariffs of a DeltaDesk
server in tables. It keeps a local copy, so the tables stay readable without
a network, fetches only what changed, and updates rows in place as the
server streams changes.

This package also contains deltadesk-sync, the same client without a
display, for scripts and servers.")

# deltadesk-server: the service runs with a dynamic user, so the maintainer
# scripts only register, start and stop the unit.
set(CPACK_DEBIAN_SERVER_PACKAGE_NAME deltadesk-server)
set(CPACK_DEBIAN_SERVER_PACKAGE_SECTION net)
set(CPACK_DEBIAN_SERVER_PACKAGE_CONTROL_EXTRA
    ${CMAKE_CURRENT_SOURCE_DIR}/server/conffiles
    ${CMAKE_CURRENT_SOURCE_DIR}/server/postinst
    ${CMAKE_CURRENT_SOURCE_DIR}/server/prerm
    ${CMAKE_CURRENT_SOURCE_DIR}/server/postrm)
set(CPACK_DEBIAN_SERVER_DESCRIPTION
"sync server of DeltaDesk with a live change stream
The reference server of DeltaDesk: it serves the collections of the events
business over HTTP with JSON, with delta fetches, writes and a live stream of
changes for the deltadesk clients. It ships a hardened systemd service and
creates accounts from the command line (deltadesk-server user add).")

include(CPack)
