# The back-spasm lesson on JupyterHub: every learner's own server opens the lesson in Voila.
#
# The Littlest JupyterHub (TLJH): copy this file to
#   /opt/tljh/config/jupyterhub_config.d/lesson.py
# and run `sudo tljh-config reload hub` (docs/deploy.md has the whole recipe).
# Any other JupyterHub: load it from your jupyterhub_config.py with
#   load_subconfig("/srv/lesson/deploy/jupyterhub_config.py")
#
# The lesson's checkout must be readable by every learner and have the lesson installed in the
# learners' Python environment (`pip install -c constraints.txt -e .`). Each learner's progress
# is saved in their own home (~/.local/share/back-spasm-lesson/progress.sqlite3); the learner's
# name is their hub user name (JUPYTERHUB_USER), so the lesson shows no name box.
#
# tests/browser/test_jupyterhub.py starts a real hub with this very file (and a test login and
# spawner of its own); tests/app/test_deploy.py keeps docs/deploy.md's copy equal to it.
import os

c = get_config()  # noqa: F821  (JupyterHub provides get_config in config files)

LESSON = os.environ.get("LESSON_CHECKOUT", "/srv/lesson")
"""Where the repository is checked out on the hub machine (the same path in every user's view)."""

# Each learner's server serves the checkout read-only and opens the landing page in Voila.
c.Spawner.notebook_dir = LESSON
c.Spawner.default_url = "/voila/render/notebooks/index.ipynb"

# The repository's jupyter_config.json (Voila, the lesson's server extension, kernel culling)
# and the lesson's Voila template, found as binder/start finds them.
c.Spawner.environment = {
    "JUPYTER_CONFIG_PATH": f"{LESSON}:{LESSON}/lesson/app/lab_config",
    "JUPYTER_PATH": f"{LESSON}/assets",
}

# Memory per learner, from the measured figure (tests/browser/test_jupyterhub.py reports it and
# checks it stays under the guarantee): one server with the lesson open uses about 240 MiB.
# The guarantee is what a spawner that reserves memory (KubeSpawner) sets aside for each
# learner; the limit stops one learner's server, never the machine.
c.Spawner.mem_guarantee = "512M"
c.Spawner.mem_limit = "1G"
c.Spawner.cpu_limit = 1
