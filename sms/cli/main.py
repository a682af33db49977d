"""The entry point: run a command and turn every expected failure into one line and an exit code."""

from __future__ import annotations

import os
import sys

import click

from sms.cli.app import EXIT_BUG, EXIT_OK, EXIT_USAGE, cli
from sms.core.errors import SmsError
from sms.core.text import shown


def main(argv: list[str] | None = None) -> int:
    """Run `sms`. Exit codes: 0 clean, 1 findings, 2 bad input or usage (one line naming the cause and what to
    do), 3 internal error (a bug: one line asking for a report; the traceback with SMS_DEBUG=1)."""
    # sms's models are its own: a pydantic plugin installed for some other tool (logfire, say) must not
    # instrument them, and looking for plugins scans every installed package's entry points (~15 ms a run).
    # Setting the variable yourself (e.g. to empty) lets them in again.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        code = cli.main(args=argv, prog_name="sms", standalone_mode=False)
    except click.exceptions.Exit as exc:  # --help, --version
        return int(exc.exit_code)
    except click.Abort:
        click.echo("sms: aborted", err=True)
        return EXIT_USAGE
    except click.UsageError as exc:  # one line, like every other bad input, and where to look
        click.echo(f"sms: error: {shown(exc.format_message())}", err=True)
        where = exc.ctx.command_path if exc.ctx is not None else "sms"
        click.echo(f"    hint: `{where} --help` lists the arguments and options", err=True)
        return EXIT_USAGE
    except click.ClickException as exc:
        exc.show()
        return EXIT_USAGE
    except SmsError as exc:
        click.echo(f"sms: error: {shown(str(exc))}", err=True)  # messages echo values from files: escaped
        if exc.hint:
            click.echo(f"    hint: {shown(exc.hint)}", err=True)
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_USAGE
    except Exception as exc:  # a bug: one line for the user, the traceback only on request
        if os.environ.get("SMS_DEBUG"):
            raise
        click.echo(f"sms: internal error: {type(exc).__name__}: {shown(str(exc))} — this is a bug in sms, please "
                   "report it (set SMS_DEBUG=1 for the traceback)", err=True)
        return EXIT_BUG
    return code if isinstance(code, int) else EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
