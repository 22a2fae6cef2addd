"""Runs Fleetio's own Airbyte connector (airbyte-source-fleetio, from PyPI) unmodified except for its base URL,
which points at Understudy: `python airbyte_fleetio.py URL check|discover|read ...` takes the connector's own
arguments after the URL."""
import os
import sys

import yaml
from airbyte_cdk.entrypoint import launch
from airbyte_cdk.sources.declarative.manifest_declarative_source import ManifestDeclarativeSource
import source_fleetio


def pointed_at(node, base):
    if isinstance(node, dict):
        return {k: (base if k == "url_base" else pointed_at(v, base)) for k, v in node.items()}
    if isinstance(node, list):
        return [pointed_at(v, base) for v in node]
    return node


def main():
    base = sys.argv[1].rstrip("/") + "/fleetio/api/"
    folder = os.path.dirname(source_fleetio.__file__)
    with open(os.path.join(folder, "manifest.yaml")) as f:
        manifest = pointed_at(yaml.safe_load(f), base)
    launch(ManifestDeclarativeSource(source_config=manifest), sys.argv[2:])


if __name__ == "__main__":
    main()
