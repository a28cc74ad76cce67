"""deploy/kubernetes: the Helm values hold every setting the document names, consistently."""
import re
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.hub

K8S = Path(__file__).resolve().parents[2] / "deploy" / "kubernetes"
EXCHANGE = "/srv/nbgrader/exchange"


@pytest.fixture(scope="module")
def values():
    return yaml.safe_load((K8S / "values.yaml").read_text())


def lookup(tree, dotted):
    for key in dotted.split("."):
        assert isinstance(tree, dict) and key in tree, f"values.yaml has no {dotted}"
        tree = tree[key]
    return tree


def test_every_setting_the_document_names_is_in_the_values(values):
    doc = (K8S / "README.md").read_text()
    named = set(re.findall(r"`((?:hub|singleuser)\.[\w.-]+)`", doc))
    assert len(named) >= 6, named
    for dotted in named:
        lookup(values, dotted)


def test_exchange_is_one_shared_volume_at_one_path(values):
    storage = values["singleuser"]["storage"]
    claims = {v["name"]: v["persistentVolumeClaim"]["claimName"] for v in storage["extraVolumes"]}
    mounts = {m["name"]: m["mountPath"] for m in storage["extraVolumeMounts"]}
    assert mounts["nbgrader-exchange"] == EXCHANGE and claims["nbgrader-exchange"]
    assert values["singleuser"]["extraEnv"]["NBGRADER_EXCHANGE"] == EXCHANGE
    global_config = values["singleuser"]["extraFiles"]["nbgrader-global"]
    assert global_config["mountPath"] == "/etc/jupyter/nbgrader_config.py"
    assert f'c.Exchange.root = "{EXCHANGE}"' in global_config["stringData"]
    assert 'course_id = "backprop"' in global_config["stringData"]


def test_groups_uids_and_roles(values):
    groups = values["hub"]["config"]["JupyterHub"]["load_groups"]
    assert set(groups) == {"formgrade-backprop", "nbgrader-backprop"}
    hook = values["hub"]["extraConfig"]["backprop-uids"]
    compile(hook, "backprop-uids", "exec")  # the hub would fail to start on a syntax error
    for needed in ("c.KubeSpawner.uid = ", "supplemental_gids", "JUPYTER_CONFIG_PATH",
                   '"formgrade-backprop"', "backprop-gradebook", "claimName"):
        assert needed in hook, needed


def test_the_csp_is_left_alone(values):
    # formgrader opens as its own page; framing protection stays as JupyterHub sets it
    assert "Content-Security-Policy" not in (K8S / "values.yaml").read_text()


def test_the_gradebook_url_names_its_driver():
    doc = (K8S / "README.md").read_text()
    assert "postgresql+psycopg2://" in doc and 'os.environ["NBGRADER_DB_URL"]' in doc


def test_the_image_has_the_language_pack_pinned_as_the_one_server_venv():
    """Users may switch JupyterLab to Japanese on Kubernetes as on one server: the same pin."""
    install_hub = (K8S.parent / "install_hub.sh").read_text()
    pin = re.search(r"^LANGUAGE_PACKS=(\S+)$", install_hub, re.M).group(1)
    assert pin.startswith("jupyterlab-language-pack-ja-JP=="), pin
    assert pin in (K8S / "values.yaml").read_text() and pin in (K8S / "README.md").read_text(), pin
