"""The arguments the tools share: --cfg-options and the launcher."""
import argparse
import os

import pytest

from pointcmt.apis.cli import (add_cfg_options, add_launcher_args,
                               parse_launched_args)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser()
    add_cfg_options(p)
    add_launcher_args(p)
    return p


def test_cfg_options_parse_to_a_dict(monkeypatch):
    monkeypatch.setattr('sys.argv', [
        'tool', '--cfg-options', 'train_cfg.max_epochs=3', 'model.lr=0.5',
        '--launcher', 'pytorch'
    ])
    monkeypatch.delenv('LOCAL_RANK', raising=False)
    args = parse_launched_args(parser())
    assert args.cfg_options == {'train_cfg.max_epochs': 3, 'model.lr': 0.5}
    assert args.launcher == 'pytorch'


def test_defaults_and_local_rank(monkeypatch):
    monkeypatch.setattr('sys.argv', ['tool', '--local_rank', '1'])
    monkeypatch.delenv('LOCAL_RANK', raising=False)
    args = parse_launched_args(parser())
    assert args.cfg_options == {} and args.launcher == 'none'
    assert os.environ['LOCAL_RANK'] == '1'
    # A launcher that set LOCAL_RANK wins over the flag.
    monkeypatch.setenv('LOCAL_RANK', '3')
    parse_launched_args(parser())
    assert os.environ['LOCAL_RANK'] == '3'


def test_unknown_launcher_is_rejected(monkeypatch, capsys):
    monkeypatch.setattr('sys.argv', ['tool', '--launcher', 'mpi4'])
    with pytest.raises(SystemExit):
        parse_launched_args(parser())
    assert "invalid choice: 'mpi4'" in capsys.readouterr().err
