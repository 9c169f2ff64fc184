# Install rules and packaging. Included last from the top-level CMakeLists.txt.
include(GNUInstallDirs)
install(TARGETS sockscope
    RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
    BUNDLE DESTINATION .)
