"""The faces of the help center: the build pipeline, the `helpcenter` command line and the web server."""
