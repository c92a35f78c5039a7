"""The pilot study: variants x seeds, each paired with its vanilla,
selected on val.

A pilot declares its variants by name, each a set of cfg options. A variant
without ``on`` is a vanilla candidate (the baseline's own search), paired
with the first variant, the base vanilla; a variant ``on`` a vanilla
candidate runs on top of it (its options, then the variant's) and is paired
with it, seed by seed. The selection is the recipe study's, in two steps on
the mean val accuracy over seeds: the vanilla candidate, then the
cross-modal variant on top of it.

Every run is ``<variant>_seed<k>.json`` in the results folder (the
pipeline step's result, as :meth:`Study.run_step` commits it); the summary
reads only its ``best_val``, ``value``, ``wall_s`` and seed.
"""
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional, Sequence, Tuple

from .pipeline import seed_stats
from .study import StepFn, Study


@dataclass(frozen=True)
class Variant:
    """One variant of a pilot.

    Args:
        options (dict): cfg options on the pilot's Stage III config.
        on (str, optional): The vanilla candidate this one runs on top of
            and is paired with; ``None``: a vanilla candidate itself.
    """
    options: Dict
    on: Optional[str] = None


class PilotStudy(Study):
    """Runs a pilot's variants over its seeds and summarises them.

    Args:
        step (callable): See :class:`Study`.
        work_dir (str): See :class:`Study`.
        results_dir (str): See :class:`Study`.
        config (str): The Stage III config every variant trains.
        shared_options (callable): See :class:`Study`.
        variants (dict): ``name -> Variant``; the first is the base vanilla.
        seeds (Sequence[int]): Seeds of every variant.
        what (str): What the pilot measures (the summary's first line).
        cfg_options (dict): The setting it measures in (recorded in the
            summary; the runs get it through ``shared_options``).
    """

    PHASES = ('runs', )

    def __init__(self, step: StepFn, work_dir: str, results_dir: str,
                 config: str, shared_options: Callable[[str], Dict],
                 variants: Dict[str, Variant], seeds: Sequence[int],
                 what: str, cfg_options: Dict) -> None:
        base = next(iter(variants))
        for name, variant in variants.items():
            if variant.on is not None and (
                    variant.on not in variants
                    or variants[variant.on].on is not None):
                raise ValueError(
                    f'variant {name!r}: on={variant.on!r} must name a '
                    f'vanilla candidate ({base!r} or another without on)')
        super().__init__(step, work_dir, results_dir, shared_options)
        self.config = config
        self.variants = variants
        self.seeds = list(seeds)
        self.what = what
        self.cfg_options = cfg_options

    def options(self, name: str) -> Dict:
        """The cfg options of variant ``name`` (on top of its vanilla's)."""
        variant = self.variants[name]
        base = {} if variant.on is None else self.variants[variant.on].options
        return {**base, **variant.options}

    def paired_with(self, name: str) -> str:
        """The vanilla candidate ``name`` is compared with."""
        return self.variants[name].on or next(iter(self.variants))

    def run_phase(self, phase: str, shard: Tuple[int, int]) -> None:
        """``'runs'``: every variant and seed, seed by seed; a shard
        ``(k, n)`` runs positions ``k, k + n, ...``."""
        index, count = shard
        runs = [(name, seed) for seed in self.seeds for name in self.variants]
        for i, (name, seed) in enumerate(runs):
            if i % count == index:
                self.run_step(
                    f'{name}_seed{seed}',
                    self.config, {
                        'randomness.seed': seed,
                        **self.options(name)
                    },
                    voting=False)
                self.write_summary(self.summarise())

    def committed_runs(self) -> Dict[str, List[Dict]]:
        """``variant -> [row per seed found]``, a row holding ``seed``,
        ``val`` and ``test`` (rounded to 0.01) and ``wall_s``; variants
        without a committed run are left out."""
        runs = {}
        for name in self.variants:
            rows = []
            for seed in self.seeds:
                found = self._committed(f'{name}_seed{seed}')
                if found is not None:
                    rows.append(
                        dict(
                            seed=found['options']['randomness.seed'],
                            val=round(found['best_val']['best_score'], 2),
                            test=round(found['value'], 2),
                            wall_s=found['wall_s']))
            if rows:
                runs[name] = rows
        return runs

    def summarise(self) -> Dict:
        """Per-seed rows, mean ± std on val and test, the selection on val
        and each variant minus the vanilla it is paired with, on the seeds
        both have (left out where they share none)."""
        runs = self.committed_runs()
        means = {
            name: {
                split: seed_stats([r[split] for r in rows], 2)
                for split in ('val', 'test')
            }
            for name, rows in runs.items()
        }

        def paired(name: str, split: str) -> List[float]:
            base = {
                r['seed']: r[split]
                for r in runs.get(self.paired_with(name), [])
            }
            return [
                r[split] - base[r['seed']]
                for r in runs[name] if r['seed'] in base
            ]

        vanillas = [n for n in runs if self.variants[n].on is None]
        best = max(vanillas, key=lambda n: means[n]['val']['mean'],
                   default=None)
        on_best = [n for n in runs if self.variants[n].on == best]
        compared = [
            n for n in runs
            if n != next(iter(self.variants)) and paired(n, 'val')
        ]
        return dict(
            what=self.what,
            cfg_options=self.cfg_options,
            runs=runs,
            mean_std=means,
            selected_on_val=dict(
                vanilla=best,
                cross_modal=max(on_best,
                                key=lambda n: means[n]['val']['mean'])
                if on_best else None),
            minus_vanilla={
                name: dict(
                    vanilla=self.paired_with(name),
                    val=seed_stats(paired(name, 'val'), 2),
                    test=seed_stats(paired(name, 'test'), 2))
                for name in compared
            })

    def tables(self, summary: Dict) -> str:
        """Markdown: each variant's val and test (mean ± std over seeds)
        and its paired difference to its vanilla."""
        selected = summary['selected_on_val']
        lines = [
            summary['what'] + '.', '',
            f"Selected on val: vanilla `{selected['vanilla']}`, "
            f"cross-modal `{selected['cross_modal']}`.", '',
            '| variant | seeds | val OA (%) | test OA (%) | test minus its '
            'vanilla | val minus its vanilla | vanilla it is compared with |',
            '|---|---|---|---|---|---|---|'
        ]
        for name, stats in summary['mean_std'].items():
            gap = summary['minus_vanilla'].get(name)
            lines.append('| {} | {} | {} | {} | {} | {} | {} |'.format(
                name, len(stats['val']['values']), _cell(stats['val']),
                _cell(stats['test']),
                _cell(gap['test'], True) if gap else '',
                _cell(gap['val'], True) if gap else '',
                gap['vanilla'] if gap else ''))
        return '\n'.join(lines) + '\n'


def _cell(stats: Dict, signed: bool = False) -> str:
    sign = '+' if signed else ''
    return f"{stats['mean']:{sign}.2f} ± {stats['std']:.2f}"


__all__ = ['PilotStudy', 'Variant']
