# Install rules and packaging, for every platform in one place. Included last from the
# top-level CMakeLists.txt. The version comes from project() alone.
include(GNUInstallDirs)

set(SOCKSCOPE_APP_ID io.github.sockscope.Sockscope)
set(SOCKSCOPE_HOMEPAGE "${PROJECT_HOMEPAGE_URL}")
set(SOCKSCOPE_MAINTAINER "The Sockscope developers <dev@sockscope.invalid>")
set(linux_dir "${CMAKE_CURRENT_LIST_DIR}/linux")
set(generated "${CMAKE_BINARY_DIR}/installer")

install(TARGETS sockscope
    RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
    BUNDLE DESTINATION .)
install(FILES ${PROJECT_SOURCE_DIR}/resources/examples/devtools-trading.har
    ${PROJECT_SOURCE_DIR}/resources/examples/rules-example.json
    ${PROJECT_SOURCE_DIR}/resources/examples/scenario-demo.sockscope.json
    DESTINATION ${CMAKE_INSTALL_DATADIR}/sockscope/examples)

if(UNIX AND NOT APPLE)
    configure_file(${linux_dir}/${SOCKSCOPE_APP_ID}.metainfo.xml.in
        ${generated}/${SOCKSCOPE_APP_ID}.metainfo.xml @ONLY)
    configure_file(${linux_dir}/sockscope.1.in ${generated}/sockscope.1 @ONLY)
    configure_file(${linux_dir}/changelog.in ${generated}/changelog @ONLY)
    # Debian wants the manual and the changelog compressed, reproducibly (no name, no time).
    find_program(GZIP_EXECUTABLE gzip REQUIRED)
    foreach(file sockscope.1 changelog)
        add_custom_command(OUTPUT ${generated}/${file}.gz
            COMMAND ${GZIP_EXECUTABLE} -9nkf ${generated}/${file}
            DEPENDS ${generated}/${file}
            COMMENT "Compressing ${file}")
    endforeach()
    add_custom_target(sockscope_packaging_files ALL
        DEPENDS ${generated}/sockscope.1.gz ${generated}/changelog.gz)

    install(FILES ${linux_dir}/${SOCKSCOPE_APP_ID}.desktop
        DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
    install(FILES ${generated}/${SOCKSCOPE_APP_ID}.metainfo.xml
        DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
    install(FILES ${PROJECT_SOURCE_DIR}/resources/sockscope.svg
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps
        RENAME ${SOCKSCOPE_APP_ID}.svg)
    install(FILES ${generated}/sockscope.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
    install(FILES ${linux_dir}/copyright ${generated}/changelog.gz
        DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/sockscope)
endif()

# Windows and macOS carry their Qt with them; Linux uses the system's Qt packages.
if(WIN32 OR APPLE)
    if(QT_VERSION VERSION_GREATER_EQUAL 6.5)
        qt_generate_deploy_app_script(TARGET sockscope
            OUTPUT_SCRIPT deploy_script
            NO_UNSUPPORTED_PLATFORM_ERROR)
    else()
        qt_generate_deploy_app_script(TARGET sockscope
            FILENAME_VARIABLE deploy_script
            NO_UNSUPPORTED_PLATFORM_ERROR)
    endif()
    install(SCRIPT ${deploy_script})
endif()

# CPack: what every package shares, then each generator's own settings.
set(CPACK_PACKAGE_NAME sockscope)
set(CPACK_PACKAGE_VENDOR "The Sockscope developers")
set(CPACK_PACKAGE_CONTACT "${SOCKSCOPE_MAINTAINER}")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_HOMEPAGE_URL "${SOCKSCOPE_HOMEPAGE}")
set(CPACK_RESOURCE_FILE_LICENSE "${PROJECT_SOURCE_DIR}/LICENSE")
set(CPACK_PACKAGE_INSTALL_DIRECTORY Sockscope)
set(CPACK_PACKAGE_EXECUTABLES sockscope Sockscope) # the Start menu shortcut (NSIS)
set(CPACK_STRIP_FILES ON)
set(CPACK_SOURCE_IGNORE_FILES "/build.*/" "/\\\\.git/" "/node_modules/")

if(WIN32)
    set(CPACK_GENERATOR NSIS ZIP)
    set(CPACK_NSIS_DISPLAY_NAME Sockscope)
    set(CPACK_NSIS_PACKAGE_NAME Sockscope)
    set(CPACK_NSIS_INSTALLED_ICON_NAME bin/sockscope.exe)
    set(CPACK_NSIS_URL_INFO_ABOUT "${SOCKSCOPE_HOMEPAGE}")
    set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON)
elseif(APPLE)
    set(CPACK_GENERATOR DragNDrop)
    set(CPACK_DMG_VOLUME_NAME Sockscope)
else()
    set(CPACK_GENERATOR DEB TGZ)
    set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
    set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${SOCKSCOPE_MAINTAINER}")
    set(CPACK_DEBIAN_PACKAGE_SECTION net)
    set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
    set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${SOCKSCOPE_HOMEPAGE}")
    # The extended description; CPack puts the summary above it as the synopsis.
    string(CONCAT CPACK_DEBIAN_PACKAGE_DESCRIPTION
        "Sockscope tests WebSocket endpoints by hand: it connects to ws:// and wss://,\n"
        "sends text and binary messages, and shows every message and control frame in a\n"
        "fast, filterable log with a frame inspector. It exports and imports HAR and\n"
        "JSON Lines, and runs a local echo server, also headless with sockscope serve.")
    # Dependencies are computed from the binary: the Qt 6 runtime packages it links.
    set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
    # Loaded at run time, so shlibdeps cannot see them: platform plugins and the SVG icon.
    set(CPACK_DEBIAN_PACKAGE_DEPENDS "qt6-qpa-plugins, libqt6svg6")
    set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "qt6-image-formats-plugins")
endif()

include(CPack)
