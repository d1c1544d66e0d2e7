/* Stand-in; the build writes the real one (src/sotay/publish.py, package_script). */
window.SOTAY_PACKAGE = {"inside": false, "pdfs": true, "sizes": {}};
