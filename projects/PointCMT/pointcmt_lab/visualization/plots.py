"""Matplotlib figures that show what PointCMT does (headless, Agg).

Every ``plot_*`` function takes plain NumPy data and returns a
:class:`matplotlib.figure.Figure`; :func:`save_figure` writes it as a PNG
and closes it. ``tools/visualize.py`` loads the data (datasets, checkpoints,
run logs) and calls these functions.
"""
import os
import os.path as osp
from typing import Dict, Optional, Sequence

import matplotlib

matplotlib.use('Agg')

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

__all__ = [
    'save_figure', 'plot_view_grid', 'plot_point_set_pairs',
    'plot_confusion_matrix', 'plot_learning_curves', 'plot_pipeline'
]


def save_figure(fig: Figure, out_file: str, dpi: int = 100) -> str:
    """Write ``fig`` as a PNG (creating its folder) and close it.

    Args:
        fig (Figure): The figure.
        out_file (str): Output path; it must end with ``.png``.
        dpi (int): Resolution.

    Returns:
        str: ``out_file``.
    """
    if not out_file.lower().endswith('.png'):
        plt.close(fig)
        raise ValueError(f'out_file must end with .png, got {out_file!r}')
    folder = osp.dirname(osp.abspath(out_file))
    os.makedirs(folder, exist_ok=True)
    fig.savefig(out_file, dpi=dpi, format='png')
    plt.close(fig)
    return out_file


def plot_view_grid(images: np.ndarray,
                   row_labels: Sequence[str],
                   view_labels: Optional[Sequence[str]] = None,
                   points: Optional[Sequence[np.ndarray]] = None) -> Figure:
    """Grid of rendered views: one row per sample, one column per view.

    Args:
        images (np.ndarray): ``(S, V, H, W, 3)`` (or ``(S, V, H, W)``)
            values in ``[0, 1]``.
        row_labels (Sequence[str]): ``S`` labels (e.g. ``"#3 cone"``).
        view_labels (Sequence[str], optional): ``V`` column titles.
        points (Sequence[np.ndarray], optional): ``S`` point sets ``(N, 3)``
            (e.g. what the student gets of the same samples), drawn in a
            first column before the views.

    Returns:
        Figure: The grid.
    """
    images = np.asarray(images)
    if images.ndim not in (4, 5) or 0 in images.shape[:2]:
        raise ValueError('images must have shape (S, V, H, W[, 3]) with S, V '
                         f'>= 1, got {images.shape}')
    num_rows, num_views = images.shape[:2]
    if len(row_labels) != num_rows:
        raise ValueError(f'{len(row_labels)} row_labels for {num_rows} rows')
    if view_labels is not None and len(view_labels) != num_views:
        raise ValueError(
            f'{len(view_labels)} view_labels for {num_views} views')
    if points is not None and len(points) != num_rows:
        raise ValueError(f'{len(points)} point sets for {num_rows} rows')
    first = 0 if points is None else 1
    cell = 1.3
    fig, axes = plt.subplots(
        num_rows,
        num_views + first,
        figsize=(cell * (num_views + first) + 1.2, cell * num_rows + 0.4),
        squeeze=False)
    for row in range(num_rows):
        if points is not None:
            axes[row, 0].remove()
            ax = fig.add_subplot(
                num_rows, num_views + 1, row * (num_views + 1) + 1,
                projection='3d')
            xyz = np.asarray(points[row])[:, :3]
            lim = np.abs(xyz).max()
            _scatter3d(ax, xyz, 'tab:blue', np.array([[-lim, lim]] * 3),
                       f'{len(xyz)} points' if row == 0 else '')
            ax.set_axis_off()
            axes[row, 0] = ax
        for col in range(num_views):
            ax = axes[row, col + first]
            ax.imshow(
                np.clip(images[row, col], 0, 1),
                cmap='gray',
                vmin=0,
                vmax=1,
                interpolation='nearest')
            ax.set_xticks([])
            ax.set_yticks([])
            if row == 0 and view_labels is not None:
                ax.set_title(view_labels[col], fontsize=8)
        axes[row, first].set_ylabel(row_labels[row], fontsize=9)
    fig.tight_layout(pad=0.3)
    return fig


def _scatter3d(ax, points: np.ndarray, color: str, limits: np.ndarray,
               title: str) -> None:
    """Scatter ``(N, 3)`` points with ``(3, 2)`` per-axis limits."""
    ax.scatter(
        points[:, 0],
        points[:, 1],
        points[:, 2],
        s=float(np.clip(3000 / len(points), 1, 12)),
        c=color,
        depthshade=True,
        linewidths=0)
    ax.set_xlim(*limits[0])
    ax.set_ylim(*limits[1])
    ax.set_zlim(*limits[2])
    ax.set_box_aspect((1, 1, 1))
    ax.set_title(title, fontsize=8)
    ax.tick_params(labelsize=5, pad=0)


def plot_point_set_pairs(generated: Sequence[np.ndarray],
                         real: Sequence[np.ndarray],
                         titles: Sequence[str]) -> Figure:
    """Generated point sets next to the real ones (3-D scatter).

    Each row shows one sample; both of its plots share the same cubic axes
    limits (the joint bounding box), so sizes and offsets compare directly.

    Args:
        generated (Sequence[np.ndarray]): ``S`` arrays ``(P, 3)``.
        real (Sequence[np.ndarray]): ``S`` arrays ``(N, 3)``.
        titles (Sequence[str]): ``S`` row titles (e.g. class and EMD).

    Returns:
        Figure: ``S`` rows of two 3-D plots.
    """
    if not len(generated) == len(real) == len(titles) or not len(real):
        raise ValueError('generated, real and titles must have the same '
                         f'non-zero length, got {len(generated)}, '
                         f'{len(real)}, {len(titles)}')
    height = 3.0 * len(real) + 0.3
    fig = plt.figure(figsize=(6.0, height))
    for row, (gen, ref, title) in enumerate(zip(generated, real, titles)):
        gen, ref = np.asarray(gen)[:, :3], np.asarray(ref)[:, :3]
        both = np.concatenate([gen, ref])
        center = (both.max(0) + both.min(0)) / 2
        half = max((both.max(0) - both.min(0)).max() / 2, 1e-6) * 1.05
        limits = np.stack([center - half, center + half], 1)
        panels = ((gen, 'tab:orange', 'generated'), (ref, 'tab:blue',
                                                     'real'))
        for col, (pts, color, name) in enumerate(panels):
            ax = fig.add_subplot(
                len(real), 2, 2 * row + col + 1, projection='3d')
            _scatter3d(ax, pts, color, limits, f'{title}\n{name}')
    fig.subplots_adjust(
        left=0.0,
        right=0.97,
        bottom=0.1 / height,
        top=1 - 0.55 / height,
        wspace=0.1,
        hspace=0.35)
    return fig


def plot_confusion_matrix(confusion: np.ndarray,
                          classes: Sequence[str],
                          title: str = '') -> Figure:
    """Row-normalised confusion matrix heat map and per-class accuracy bars.

    Args:
        confusion (np.ndarray): ``(K, K)`` counts, rows = ground truth,
            columns = prediction.
        classes (Sequence[str]): ``K`` class names.
        title (str): Figure title.

    Returns:
        Figure: Heat map (left) and per-class accuracy in percent (right;
        classes without samples are marked "n/a").
    """
    confusion = np.asarray(confusion, dtype=np.float64)
    num = len(classes)
    if confusion.shape != (num, num):
        raise ValueError(f'confusion must be ({num}, {num}) for {num} '
                         f'classes, got {confusion.shape}')
    support = confusion.sum(1)
    rows = np.divide(
        confusion,
        support[:, None],
        out=np.zeros_like(confusion),
        where=support[:, None] > 0)
    acc = np.where(support > 0, 100 * np.diag(rows), np.nan)
    side = max(4.0, 0.35 * num + 2.0)
    fig, (ax_cm, ax_bar) = plt.subplots(
        1,
        2,
        figsize=(side * 1.75, side),
        gridspec_kw=dict(width_ratios=(1.15, 0.6)))
    image = ax_cm.imshow(rows, cmap='Blues', vmin=0, vmax=1)
    ticks = np.arange(num)
    ax_cm.set_xticks(ticks, classes, rotation=60, ha='right', fontsize=8)
    ax_cm.set_yticks(ticks, classes, fontsize=8)
    ax_cm.set_xlabel('predicted')
    ax_cm.set_ylabel('ground truth')
    if num <= 20:
        for i, j in zip(*np.nonzero(rows >= 0.005)):
            ax_cm.text(
                j,
                i,
                f'{rows[i, j]:.2f}',
                ha='center',
                va='center',
                fontsize=6,
                color='white' if rows[i, j] > 0.5 else 'black')
    fig.colorbar(image, ax=ax_cm, fraction=0.046, pad=0.02)
    ax_bar.barh(ticks, np.nan_to_num(acc), color='tab:blue')
    for i in np.flatnonzero(np.isnan(acc)):
        ax_bar.text(1, i, 'n/a', va='center', fontsize=7)
    ax_bar.set_yticks(ticks, classes, fontsize=8)
    ax_bar.invert_yaxis()
    ax_bar.set_xlim(0, 100)
    ax_bar.set_xlabel('per-class accuracy (%)')
    present = ~np.isnan(acc)
    if present.any():
        overall = 100 * np.trace(confusion) / confusion.sum()
        ax_bar.set_title(
            f'OA {overall:.1f}%  mAcc {acc[present].mean():.1f}%',
            fontsize=9)
    if title:
        fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    return fig


def plot_learning_curves(runs: Sequence[Dict[str, np.ndarray]],
                         labels: Sequence[str],
                         metric: str = 'overall_acc',
                         loss_key: str = 'loss') -> Figure:
    """Train loss per step and a validation metric per epoch of runs.

    Args:
        runs (Sequence[dict]): One dict per run with ``train_step``,
            ``train_loss`` (equal-length 1-D arrays) and ``val_epoch``,
            ``val_metric`` (equal-length 1-D arrays; may be empty).
        labels (Sequence[str]): Legend label of each run.
        metric (str): Metric name, for the axis label.
        loss_key (str): Loss name, for the axis label.

    Returns:
        Figure: Loss (left) and metric (right); the title of the right
        panel gives each run's best value.
    """
    if len(runs) != len(labels) or not runs:
        raise ValueError(f'{len(labels)} labels for {len(runs)} runs')
    fig, (ax_loss, ax_val) = plt.subplots(1, 2, figsize=(10, 3.8))
    best = []
    for run, label in zip(runs, labels):
        ax_loss.plot(run['train_step'], run['train_loss'], lw=1, label=label)
        if len(run['val_epoch']):
            ax_val.plot(
                run['val_epoch'], run['val_metric'], marker='o', ms=3,
                label=label)
            best.append(f'{label}: {np.max(run["val_metric"]):.2f}')
    ax_loss.set_xlabel('iteration')
    ax_loss.set_ylabel(f'train {loss_key}')
    ax_val.set_xlabel('epoch')
    ax_val.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax_val.set_ylabel(f'val {metric}')
    ax_val.set_title('best ' + ', '.join(best), fontsize=9)
    for ax in (ax_loss, ax_val):
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


_STAGE_COLORS = ('#dbe9f6', '#fde9d4', '#dff0d8')


def _box(ax, xy, text: str, color: str, width: float = 2.2,
         height: float = 0.8) -> None:
    ax.add_patch(
        FancyBboxPatch((xy[0] - width / 2, xy[1] - height / 2),
                       width,
                       height,
                       boxstyle='round,pad=0.05',
                       fc=color,
                       ec='#333333',
                       lw=1))
    ax.text(xy[0], xy[1], text, ha='center', va='center', fontsize=8.5)


def _arrow(ax, start, end, text: str = '', style: str = '-|>',
           dashed: bool = False) -> None:
    ax.add_patch(
        FancyArrowPatch(
            start,
            end,
            arrowstyle=style,
            mutation_scale=12,
            lw=1.2,
            color='#333333',
            ls='--' if dashed else '-'))
    if text:
        ax.text((start[0] + end[0]) / 2, (start[1] + end[1]) / 2 + 0.12,
                text, ha='center', va='bottom', fontsize=7.5,
                style='italic')


def plot_pipeline() -> Figure:
    """Diagram of PointCMT's three training stages and its inference.

    Stage I trains a multi-view image teacher on rendered views; Stage II
    trains the cross-modal point generator (CMPG) to turn frozen teacher
    features into point sets (EMD to the real points); Stage III trains the
    point student with ``loss_cls`` + ``loss_fe`` (EMD between CMPG(student
    feature) and CMPG(teacher feature)) + ``loss_ce`` (KL between the
    teacher's and the student's class distributions); at test time only
    the student runs.

    Returns:
        Figure: The diagram.
    """
    fig, ax = plt.subplots(figsize=(11, 6.6))
    ax.set_xlim(0, 15)
    ax.set_ylim(-0.5, 8.7)
    ax.axis('off')
    bands = (('Stage I: image teacher', 6.5, 8.6),
             ('Stage II: CMPG', 4.3, 6.3),
             ('Stage III: cross-modal distillation', 0.05, 4.1))
    for (name, bottom, top), color in zip(bands, _STAGE_COLORS):
        ax.add_patch(
            FancyBboxPatch((0.2, bottom),
                           14.6,
                           top - bottom,
                           boxstyle='round,pad=0.05',
                           fc=color,
                           ec='none',
                           alpha=0.6))
        ax.text(0.35, top - 0.1, name, fontsize=10, weight='bold', va='top')
    white, frozen = 'white', '#e6e6e6'
    # Stage I
    _box(ax, (1.6, 7.4), 'point cloud', white, 1.9)
    _box(ax, (4.6, 7.4), 'render views\n(RenderMultiView)', white)
    _box(ax, (7.9, 7.4), 'MultiViewTeacher\n(2D CNN, pooled)', white)
    _box(ax, (11.2, 7.4), 'teacher head', white, 1.8)
    _box(ax, (13.7, 7.4), 'loss_cls', white, 1.5)
    _arrow(ax, (2.6, 7.4), (3.5, 7.4))
    _arrow(ax, (5.7, 7.4), (6.8, 7.4), 'V images')
    _arrow(ax, (9.0, 7.4), (10.3, 7.4), 'f_t')
    _arrow(ax, (12.1, 7.4), (12.95, 7.4))
    # Stage II
    _box(ax, (4.6, 5.2), 'frozen teacher\n(or cached f_t)', frozen)
    _box(ax, (7.9, 5.2), 'CMPG\nMLP: f -> P x 3', white)
    _box(ax, (11.2, 5.2), 'generated\npoints', white, 1.8)
    _box(ax, (13.7, 5.2), 'loss_emd\nvs real points', white, 1.5)
    _arrow(ax, (5.7, 5.2), (6.8, 5.2), 'f_t')
    _arrow(ax, (9.0, 5.2), (10.3, 5.2))
    _arrow(ax, (12.1, 5.2), (12.95, 5.2))
    _arrow(ax, (7.9, 6.95), (4.6, 5.65), 'Stage I weights', dashed=True)
    # Stage III
    _box(ax, (1.6, 2.2), 'point cloud', white, 1.9)
    _box(ax, (4.6, 3.1), 'frozen teacher\n(or cached f_t)', frozen)
    _box(ax, (4.6, 1.5), 'student\nPointClassifier\nfeature', white)
    _box(ax, (7.9, 3.1), 'frozen CMPG(f_t)', frozen)
    _box(ax, (7.9, 2.0), 'frozen CMPG(f_s)', frozen)
    _box(ax, (7.9, 0.85), 'student fc\nfc(f_s), fc(f_t)', white)
    _box(ax, (11.2, 2.75), 'loss_fe\nEMD(points_s, points_t)', white, 2.5)
    _box(ax, (11.2, 1.5), 'loss_ce\nKL(fc(f_t) || fc(f_s))', white, 2.5)
    _box(ax, (11.2, 0.5), 'loss_cls (labels)', white, 2.5, 0.55)
    _arrow(ax, (2.6, 2.3), (3.5, 3.0))
    _arrow(ax, (2.6, 2.1), (3.5, 1.6))
    _arrow(ax, (5.7, 3.1), (6.8, 3.1), 'f_t')
    _arrow(ax, (5.7, 1.75), (6.8, 2.0), 'f_s')
    _arrow(ax, (5.7, 1.25), (6.8, 0.9))
    _arrow(ax, (5.9, 2.8), (7.0, 1.3), dashed=True)
    _arrow(ax, (9.0, 3.05), (9.95, 2.9))
    _arrow(ax, (9.0, 2.0), (9.95, 2.6))
    _arrow(ax, (9.0, 1.0), (9.95, 1.45))
    _arrow(ax, (9.0, 0.7), (9.95, 0.55))
    _arrow(ax, (7.9, 4.75), (7.9, 3.55), 'Stage II weights', dashed=True)
    ax.text(
        12.75,
        1.8,
        'total =\nloss_cls\n+ loss_fe\n+ loss_ce',
        fontsize=8.5,
        va='center',
        bbox=dict(fc='white', ec='#333333', boxstyle='round'))
    ax.text(
        7.5,
        -0.3,
        'Inference: point cloud -> student PointClassifier -> class '
        '(no images, no teacher, no CMPG)',
        ha='center',
        fontsize=9.5,
        weight='bold')
    fig.tight_layout(pad=0.2)
    return fig
