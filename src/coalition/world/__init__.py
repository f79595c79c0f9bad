"""World packs: regions, routes, actors, ladder and evidence, as sourced data."""

from coalition.world.pack import World, load_world

__all__ = ["World", "load_world"]
