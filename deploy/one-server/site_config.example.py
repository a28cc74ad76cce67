# The site's own JupyterHub settings. setup_course.sh makes $BACKPROP_ETC/site_config.py
# from this file once and never touches it again; jupyterhub_config.py loads it last, so
# what is set here wins. Examples:
#
# c.JupyterHub.bind_url = "https://0.0.0.0:443"
# c.JupyterHub.ssl_cert = "/etc/letsencrypt/live/course.example.org/fullchain.pem"
# c.JupyterHub.ssl_key = "/etc/letsencrypt/live/course.example.org/privkey.pem"
c = get_config()  # noqa: F821 (provided by traitlets when the file is loaded)
