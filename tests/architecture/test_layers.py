"""The one-way layers: core and jobs <- profiles <- publications <- config."""

import grimp
from importlinter.cli import lint_imports

# Top first; core and jobs (background jobs) are the bottom layer, apart from each other.
LAYERS = ["config", "publications", "profiles", ("core", "jobs")]


def test_the_import_contract_in_pyproject_is_kept():
    assert lint_imports(no_cache=True) == 0


def packages(layer):
    return layer if isinstance(layer, tuple) else (layer,)


def test_no_layer_imports_one_above_it_or_beside_it():
    graph = grimp.build_graph(*(package for layer in LAYERS for package in packages(layer)))
    above = [
        (lower, upper)
        for index, layer in enumerate(LAYERS)
        for upper in packages(layer)
        for lower_layer in LAYERS[index:]
        for lower in packages(lower_layer)
        if lower != upper
    ]
    for lower, upper in above:
        chain = graph.find_shortest_chain(importer=lower, imported=upper, as_packages=True)
        assert chain is None, f"{lower} reaches {upper} through {' -> '.join(chain)}"
