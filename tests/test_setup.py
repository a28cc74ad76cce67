"""Set-up files agree with each other: conda users and pip users get the same packages."""
import re
import tomllib

import yaml

from conftest import REPO


def package_name(requirement):
    return re.split(r"[<>=!~ \[]", requirement.strip(), maxsplit=1)[0].lower()


def test_environment_yml_and_pyproject_name_the_same_packages():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    pip_names = {package_name(r) for r in project["dependencies"] + project["optional-dependencies"]["test"]}
    env = yaml.safe_load((REPO / "environment.yml").read_text())
    conda_names = {package_name(d) for d in env["dependencies"] if isinstance(d, str)} - {"python", "pip"}
    assert conda_names == pip_names
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert pip_section == ["-e ."]  # the repo itself, so conda users get autograder and lec2_data


def test_readme_gives_the_two_commands_and_ci_runs_the_test_one():
    readme = (REPO / "README.md").read_text()
    assert "make demo" in readme and "make test" in readme
    assert "make test" in (REPO / ".ci" / "run").read_text()
    makefile = (REPO / "Makefile").read_text()
    for target in ("demo", "test", "lab", "lectures"):
        assert re.search(rf"^{target}:", makefile, re.M), target
