"""The ``gutjoint-kg`` command line: a thin click layer that parses, calls the library and prints.

Sub-commands live in sibling modules and are imported only when invoked, so ``--help`` and
simple commands start fast and never load pyvis, SPARQL engines or web frameworks needlessly.
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import Any

import click

from .. import __version__
from ..errors import GutJointError

#: command name -> "module:attribute" (relative to this package)
COMMANDS: dict[str, str] = {
    "info": "kb:info",
    "concepts": "kb:concepts",
    "show": "kb:show",
    "validate": "kb:validate_cmd",
    "paths": "reasoning:paths_cmd",
    "neighbors": "reasoning:neighbors_cmd",
    "loops": "reasoning:loops_cmd",
    "interventions": "reasoning:interventions_cmd",
    "decode": "reasoning:decode_cmd",
    "explain": "reasoning:explain_cmd",
    "check": "reasoning:check_cmd",
    "viz": "visual:viz_cmd",
    "diagram": "exporting:diagram_cmd",
    "sparql": "query:sparql_cmd",
    "queries": "query:queries_cmd",
    "export": "exporting:export_cmd",
    "serve": "serving:serve_cmd",
    "push": "serving:push_cmd",
    "import": "importing:import_cmd",
}


class CliError(click.ClickException):
    """A library error shown as one line, with the library's exit code."""

    def __init__(self, message: str, exit_code: int = 1):
        super().__init__(message)
        self.exit_code = exit_code  # type: ignore[misc]  # click declares it on the class


class LazyGroup(click.Group):
    """A group whose sub-commands are imported on first use; library errors become CLI errors."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(name for name in COMMANDS if _available(name))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        try:
            module = importlib.import_module(f".{module_name}", __name__)
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.endswith(module_name):
                return None
            raise
        command: click.Command = getattr(module, attr)
        return command

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0] if args else None
        if name and not name.startswith("-") and name not in COMMANDS:
            import difflib

            close = difflib.get_close_matches(name, list(COMMANDS), n=3)
            hint = f" Did you mean {', '.join(close)}?" if close else ""
            ctx.fail(f"No such command {name!r}.{hint}")
        return super().resolve_command(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except GutJointError as exc:
            raise CliError(str(exc), exc.exit_code) from exc


def _available(name: str) -> bool:
    module_name = COMMANDS[name].split(":")[0]
    return importlib.util.find_spec(f"{__name__}.{module_name}") is not None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--data",
    "data",
    multiple=True,
    type=click.Path(dir_okay=False),
    help="Extra RDF file to merge with the knowledge base (repeatable).",
)
@click.option("--no-cache", is_flag=True, help="Parse the Turtle files instead of using the compiled cache.")
@click.version_option(version=__version__, prog_name="gutjoint-kg")
@click.pass_context
def main(ctx: click.Context, data: tuple[str, ...], no_cache: bool) -> None:
    """gutjoint-kg: explore the evidence-graded knowledge graph of the gut-joint axis.

    Educational use only; not medical advice.
    """
    from .common import guard_terminal

    guard_terminal()
    ctx.ensure_object(dict)
    ctx.obj["data"] = list(data)
    ctx.obj["no_cache"] = no_cache
