"""The README's shell commands, as a user copies them.

The ```bash blocks of README.md are parsed here, so editing a command there
changes what is tested. Every command that calls a script of ``tools/`` must
name an existing script and existing configs that load, and its arguments
must parse with the script's own parser (``build_parser()`` of the Python
tools; a launcher script's arguments with the parser of the tool it
launches). The sections a user runs first (quick start, the three stages,
data preparation, configs, pictures) are then run verbatim in a scratch
checkout (``tools/`` and ``configs/`` linked, ``work_dirs/`` fresh), with
tiny settings appended to the commands that train or read a dataset; each
section's script stops at the first failing command. The sections run
concurrently, on the CPU (CUDA hidden), one torch thread each: most of their
time is spent importing.
"""
import argparse
import contextlib
import functools
import glob
import importlib.util
import io
import json
import os
import os.path as osp
import re
import shlex
import signal
import subprocess
import sys
from typing import Dict, List, Tuple

import pytest
import torch
from _helpers import REPO, cpu_env, tiny_run_args
from mmengine.config import Config

README = osp.join(REPO, 'README.md')
TOOL = re.compile(r'^tools/[\w-]+\.(py|sh)$')
CONFIG = re.compile(r'configs/[\w./-]+\.py')
PLACEHOLDER = re.compile(r'/path/to/([\w.-]+)')
ASSIGNMENT = re.compile(r'(?:^|;\s*)([A-Za-z_]\w*)=("[^"]*"|[^\s;]+)')
VARIABLE = re.compile(r'\$\{?([A-Za-z_]\w*)\}?')
#: The launchers: ``script: (the tool it runs, where its NUM_PROCS
#: argument is)``; the other arguments go to the tool.
LAUNCHERS = {
    'tools/dist_train.sh': ('tools/train.py', 1),
    'tools/dist_test.sh': ('tools/test.py', 2),
}

# Appended to the commands of these tools (later --cfg-options win).
TINY_OPTIONS = [
    '--cfg-options',
    *tiny_run_args({'train_dataloader.dataset.num_samples_per_class': 1})
]
TINY = {
    'train': TINY_OPTIONS,
    'test': TINY_OPTIONS,
    'extract_teacher_features': TINY_OPTIONS,
    'run_pointcmt': ['--seeds', '0', *TINY_OPTIONS],
}
SECTIONS = dict(
    quick_start='Quick start on the embedded data',
    stages='The three stages, step by step',
    data='Data preparation',
    configs='Configs and swapping backbones',
    pictures='Pictures')


def readme_blocks() -> List[Tuple[str, List[str]]]:
    """``(## section title, commands)`` of each ```bash/```shell block.

    A command is a logical line: continuation lines joined, comment lines
    and trailing comments dropped.
    """
    blocks, section, block = [], None, None
    with open(README) as f:
        for line in f.read().splitlines():
            if block is not None:
                if line.strip() == '```':
                    blocks.append((section, _logical_lines(block)))
                    block = None
                else:
                    block.append(line)
            elif line.startswith('## '):
                section = line[3:].strip()
            elif re.fullmatch(r'```(bash|shell|sh)\s*', line):
                block = []
    return blocks


def _logical_lines(lines: List[str]) -> List[str]:
    commands, current = [], ''
    for line in lines:
        line = re.sub(r'(^|\s)#.*$', '', line).rstrip()
        if line.endswith('\\'):
            current += line[:-1]
            continue
        current += line
        if current.strip():
            commands.append(' '.join(current.split()))
        current = ''
    return commands


def tool_calls(command: str) -> List[Tuple[str, List[str]]]:
    """``(tools/<script>, its arguments)`` of each script a command runs."""
    calls = []
    for token in shlex.split(command):
        if TOOL.match(token):
            calls.append((token, []))
        elif token in ('&&', '||', ';', '|'):
            calls.append((None, []))
        elif calls:
            calls[-1][1].append(token)
    return [call for call in calls if call[0] is not None]


def section_commands(title: str) -> List[str]:
    commands = [c for s, block in readme_blocks() if s == title for c in block]
    assert commands, f'README.md has no ```bash block under "## {title}"'
    return commands


def expanded_commands() -> List[str]:
    """The README's commands with their shell variables expanded.

    A variable takes the value the README assigned it last (unquoted: a
    value with spaces becomes several words, as in the shell); one assigned
    a command's output (``T=$(ls ...)``), or never assigned, stands for a
    placeholder path.
    """
    values, commands = {}, []
    for _, block in readme_blocks():
        for command in block:
            command = VARIABLE.sub(
                lambda m: values.get(m.group(1), f'/tmp/{m.group(1)}'),
                command)
            commands.append(command)
            for name, value in ASSIGNMENT.findall(command):
                values[name] = (f'/tmp/{name}' if '$(' in value else
                                value.strip('"'))
    return commands


TOOL_COMMANDS = [c for c in expanded_commands() if tool_calls(c)]


def test_readme_has_the_commands_a_user_needs():
    tools = {
        osp.basename(tool)
        for command in TOOL_COMMANDS for tool, _ in tool_calls(command)
    }
    assert {'train.py', 'test.py', 'run_pointcmt.py', 'setup_env.sh',
            'print_config.py'} <= tools, tools


@functools.lru_cache()
def tool_parser(tool: str) -> argparse.ArgumentParser:
    """``build_parser()`` of the Python tool ``tools/<name>.py``."""
    name = osp.splitext(osp.basename(tool))[0]
    spec = importlib.util.spec_from_file_location(f'readme_tool_{name}',
                                                  osp.join(REPO, tool))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.build_parser()


def parse_tool_args(tool: str, args: List[str]) -> argparse.Namespace:
    """``args`` parsed by ``tool``'s parser; fails with argparse's message.
    """
    if tool in LAUNCHERS:
        tool, procs = LAUNCHERS[tool]
        assert len(args) > procs and args[procs].isdigit(), \
            f'{args}: NUM_PROCS is not argument {procs + 1}'
        args = args[:procs] + args[procs + 1:]
    stderr = io.StringIO()
    try:
        with contextlib.redirect_stderr(stderr):
            return tool_parser(tool).parse_args(args)
    except SystemExit:
        pytest.fail(f'{tool} rejects {args}: {stderr.getvalue()}')


def _shell_options(tool: str) -> List[str]:
    """The options a shell script's ``case "$1"`` accepts."""
    with open(osp.join(REPO, tool)) as f:
        labels = re.findall(r'^\s*(-[-\w|]+)\)', f.read(), flags=re.M)
    return [option for label in labels for option in label.split('|')]


@pytest.mark.parametrize(
    'command', TOOL_COMMANDS,
    ids=[
        f'{i}-' + '+'.join(osp.basename(t) for t, _ in tool_calls(c))
        for i, c in enumerate(TOOL_COMMANDS)
    ])
def test_command_parses_with_the_tools_parsers(command):
    for tool, args in tool_calls(command):
        assert osp.isfile(osp.join(REPO, tool)), \
            f'{command}: {tool} does not exist'
        if tool.endswith('.py') or tool in LAUNCHERS:
            parse_tool_args(tool, args)
        elif args:  # a set-up script: its first option ends its options
            assert args[0] in _shell_options(tool), \
                f'{command}: {tool} has no option {args[0]}'
    for config in CONFIG.findall(command):
        path = osp.join(REPO, config)
        assert osp.isfile(path), f'{command}: {config} does not exist'
        assert 'model' in Config.fromfile(path), config


def test_parsing_rejects_what_the_tools_reject():
    """The check above can fail: an unknown option, a missing argument."""
    with pytest.raises(pytest.fail.Exception, match='rejects'):
        parse_tool_args('tools/train.py', ['c.py', '--no-such-option'])
    with pytest.raises(pytest.fail.Exception, match='rejects'):
        parse_tool_args('tools/test.py', ['c.py'])
    with pytest.raises(pytest.fail.Exception, match='rejects'):
        parse_tool_args('tools/dist_test.sh',
                        ['c.py', 'ck.pth', '2', '--votes'])
    with pytest.raises(AssertionError, match='NUM_PROCS'):
        parse_tool_args('tools/dist_test.sh', ['c.py', '2'])
    args = parse_tool_args('tools/dist_test.sh', ['c.py', 'ck.pth', '2'])
    assert (args.config, args.checkpoint) == ('c.py', 'ck.pth')
    assert '--then' in _shell_options('tools/setup_env.sh')


def test_config_table_names_existing_configs():
    with open(README) as f:
        text = f.read()
    section = text.split(f'## {SECTIONS["configs"]}')[1].split('\n## ')[0]
    names = []
    for row in re.findall(r'^\|.*\|$', section, flags=re.M):
        for cell in re.findall(r'`([\w{},-]+)`', row):
            names += _expand_braces(cell)
    assert len(names) >= 10, names
    missing = [n for n in names if not osp.isfile(f'{REPO}/configs/{n}.py')]
    assert not missing, f'README config table names missing files {missing}'


def _expand_braces(name: str) -> List[str]:
    match = re.search(r'\{([^{}]*)\}', name)
    if match is None:
        return [name]
    return [
        expanded for choice in match.group(1).split(',')
        for expanded in _expand_braces(name[:match.start()] + choice +
                                       name[match.end():])
    ]


# --------------------------------------------------------------- running


def _checkout(path) -> str:
    """A scratch checkout: tools/ and configs/ linked, the venv reachable."""
    path.mkdir()
    for name in ('tools', 'configs'):
        os.symlink(osp.join(REPO, name), path / name)
    if osp.isfile(osp.join(sys.prefix, 'bin', 'activate')):
        os.symlink(sys.prefix, path / '.venv')
    return str(path)


def _script(commands: List[str], cwd: str) -> str:
    """The commands as a bash script; raises LookupError if data is absent.
    """
    lines = ['set -euo pipefail']
    for command in commands:
        if command.startswith('source ') and not osp.exists(
                osp.join(cwd, shlex.split(command)[1])):
            continue  # no venv to activate: the interpreter is on PATH
        for name in PLACEHOLDER.findall(command):
            real = osp.join(REPO, 'data', name)
            if not osp.exists(real):
                raise LookupError(f'needs data/{name}')
            command = command.replace(f'/path/to/{name}', real)
        calls = tool_calls(command)
        if calls:
            tiny = TINY.get(osp.splitext(osp.basename(calls[-1][0]))[0], [])
            command += ''.join(' ' + shlex.quote(arg) for arg in tiny)
        lines += [f'echo {shlex.quote("@@ " + command)}', command]
    return '\n'.join(lines) + '\n'


class Section:
    """A README section's commands running in a scratch checkout."""

    def __init__(self, key: str, cwd: str) -> None:
        self.key, self.cwd = key, cwd
        self.commands = section_commands(SECTIONS[key])
        self.proc, self.skip_reason, self.log, self.failed = (None, ) * 4
        try:
            script = _script(self.commands, cwd)
        except LookupError as err:
            self.skip_reason = str(err)
            return
        env = cpu_env(MPLBACKEND='Agg')
        self.out = osp.join(cwd, f'readme_{key}.log')
        with open(self.out, 'w') as out:
            self.proc = subprocess.Popen(['bash', '-c', script], cwd=cwd,
                                         env=env, stdout=out,
                                         stderr=subprocess.STDOUT,
                                         start_new_session=True)

    def wait(self) -> str:
        """Wait for the section; skip or fail the test; returns the log."""
        if self.skip_reason:
            pytest.skip(self.skip_reason)
        if self.log is None:
            code = self.proc.wait(timeout=900)
            with open(self.out) as f:
                self.log = f.read()
            marks = [m for m in self.log.splitlines() if m.startswith('@@ ')]
            self.failed = None if code == 0 else (marks or ['@@ ?'])[-1][3:]
        assert self.failed is None, (
            f'README "{SECTIONS[self.key]}": `{self.failed}` failed\n'
            f'{self.log[-4000:]}')
        return self.log

    def stop(self) -> None:
        """Kill the section's script and the command it runs, if alive."""
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()


@pytest.fixture(scope='module')
def sections(tmp_path_factory):
    """Start the independent sections at once; pictures need quick start.
    """
    root = tmp_path_factory.mktemp('readme')
    started = {
        key: Section(key, _checkout(root / key))
        for key in ('quick_start', 'stages', 'data', 'configs')
    }
    yield started
    for section in started.values():
        section.stop()


def _option(args: List[str], name: str):
    return args[args.index(name) + 1] if name in args else None


def _work_dir(args: List[str]) -> str:
    config = next(a for a in args if CONFIG.fullmatch(a))
    return _option(args, '--work-dir') or osp.join(
        'work_dirs', osp.splitext(osp.basename(config))[0])


def check_outputs(section: Section) -> Dict[str, List[str]]:
    """What each tool call of a section must have written; returns
    ``{pattern: files}``."""
    written = {}
    for command in section.commands:
        for tool, args in tool_calls(command):
            name = osp.splitext(osp.basename(tool))[0]
            if name == 'train':
                expected = [osp.join(_work_dir(args), 'best_*.pth')]
            elif name == 'test':
                expected = [
                    osp.join(_work_dir(args), 'test_confusion_matrix.json')
                ]
            elif name == 'run_pointcmt':
                expected = [
                    osp.join(
                        _option(args, '--work-dir') or
                        'work_dirs/run_synthetic', 'summary.json')
                ]
            elif name == 'export_student':
                expected = [[a for a in args if not a.startswith('-')][2]]
            elif name == 'create_data':
                expected = [osp.join(_option(args, '--out-dir'), '*_infos_*')]
            else:
                expected = [_option(args, '--out')] if '--out' in args else []
            for pattern in expected:
                found = glob.glob(osp.join(section.cwd, pattern))
                assert found, f'`{command}` wrote no {pattern}'
                written[pattern] = found
    return written


def test_quick_start(sections):
    section = sections['quick_start']
    log = section.wait()
    written = check_outputs(section)
    assert 'test/overall_acc' in log
    summary_file, = written['work_dirs/run_synthetic/summary.json']
    with open(summary_file) as f:
        summary = json.load(f)
    assert 0 <= summary['teacher_acc'] <= 100 and summary['cmpg_emd'] > 0
    for student in summary['students'].values():
        for kind in ('vanilla', 'pointcmt'):
            assert len(student[kind]['overall_acc']['values']) == 1


def test_three_stages(sections):
    section = sections['stages']
    section.wait()
    check_outputs(section)
    # the exported student is a plain classifier: no teacher, no CMPG
    for command in section.commands:
        for tool, args in tool_calls(command):
            if tool.endswith('export_student.py'):
                out = [a for a in args if not a.startswith('-')][2]
                state = torch.load(
                    osp.join(section.cwd, out),
                    weights_only=True)['state_dict']
                assert any(k.startswith('backbone.') for k in state)
                assert not any(
                    k.startswith(('teacher.', 'generator.', 'student.'))
                    for k in state)


def test_data_preparation(sections):
    sections['data'].wait()
    check_outputs(sections['data'])


def test_print_config(sections):
    section = sections['configs']
    log = section.wait()
    for command in section.commands:
        for tool, args in tool_calls(command):
            config = next(a for a in args if CONFIG.fullmatch(a))
            cfg = Config.fromfile(osp.join(REPO, config))
            assert f"type='{cfg.model.type}'" in log, command
            overrides = parse_tool_args(tool, args).cfg_options
            start = args.index('--cfg-options') + 1 \
                if '--cfg-options' in args else len(args)
            for option in args[start:]:
                key, value = option.split('=', 1)
                # the printed value shows the override only if it is new
                assert overrides[key] != _config_value(cfg, key), (
                    f'{command}: {key} is {value} without the override')
                assert f'{key.split(".")[-1]}={value}' in log, option


def _config_value(cfg: Config, key: str):
    """The value at a dotted ``--cfg-options`` key of ``cfg``."""
    value = cfg
    for part in key.split('.'):
        value = value[int(part)] if isinstance(value, list) else value[part]
    return value


def test_pictures(sections):
    try:
        sections['quick_start'].wait()
    except AssertionError:
        pytest.fail('the quick start, whose runs are plotted, failed')
    # in the quick start's checkout, after it
    section = Section('pictures', sections['quick_start'].cwd)
    try:
        section.wait()
    finally:
        section.stop()
    for pattern, files in check_outputs(section).items():
        if pattern.endswith('.png'):
            with open(files[0], 'rb') as f:
                assert f.read(8) == b'\x89PNG\r\n\x1a\n', pattern
