"""``import pointcmt`` (what ``custom_imports`` runs) loads the plugin only:
none of the tools' runs (``pointcmt.apis``) and nothing of the lab
(``pointcmt_lab``: main job, studies, benchmarks, figures, GPU check)."""
import json
import subprocess
import sys

from _helpers import REPO, cpu_env

LIST_MODULES = ('import json, sys, pointcmt; '
                'print(json.dumps(sorted(m for m in sys.modules '
                "if m.split('.')[0] in ('pointcmt', 'pointcmt_lab', "
                "'matplotlib'))))")


def test_import_loads_the_plugin_only():
    out = subprocess.run([sys.executable, '-c', LIST_MODULES],
                         cwd=REPO,
                         env=cpu_env(),
                         capture_output=True,
                         text=True,
                         check=True)
    modules = json.loads(out.stdout.strip().splitlines()[-1])
    assert 'pointcmt.models.distillers.cross_modal_distiller' in modules
    assert 'pointcmt.datasets.transforms.render_mesh_views' in modules
    lab = [m for m in modules if m.startswith(('pointcmt.apis',
                                               'pointcmt_lab', 'matplotlib'))]
    assert not lab, lab
