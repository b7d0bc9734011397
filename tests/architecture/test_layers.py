"""The one-way layers: core <- profiles <- publications <- config."""

import grimp
from importlinter.cli import lint_imports

LAYERS = ["config", "publications", "profiles", "core"]


def test_the_import_contract_in_pyproject_is_kept():
    assert lint_imports(no_cache=True) == 0


def test_no_layer_imports_one_above_it():
    graph = grimp.build_graph(*LAYERS)
    for lower, upper in [
        (lower, upper) for index, upper in enumerate(LAYERS) for lower in LAYERS[index + 1 :]
    ]:
        chain = graph.find_shortest_chain(importer=lower, imported=upper, as_packages=True)
        assert chain is None, f"{lower} reaches {upper} through {' -> '.join(chain)}"
