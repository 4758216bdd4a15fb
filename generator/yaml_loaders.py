"""The fastest YAML loaders PyYAML offers here: libyaml's (five to ten times faster) when PyYAML was
built with it, else its own. Same documents, same nodes and marks."""
import yaml

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
BaseLoader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


def load_data(text: str):
    """A YAML file of ours (profiles, data, kinds) as plain values."""
    return yaml.load(text, Loader=SafeLoader)
