"""The same stage functions mapped over partitions on a real engine (dask.distributed).

When one machine's single process is not enough, ``run_distributed`` computes the result
``newsdesk.brief`` / ``newsdesk.run`` computes, with the per-article and per-event work spread over
dask workers, duplicate detection (a band-key shuffle) and event clustering (time blocks,
components) included; follow-up links run on the driver. See ``engine.py`` for what runs where and why. Needs the ``distributed`` extra::

    pip install 'newsdesk[distributed]'

From Python, on a local cluster of worker processes or on a running scheduler::

    from newsdesk.distributed import connect, run_distributed

    with connect("local", workers=2) as client:           # or connect("tcp://10.0.0.5:8786")
        result = run_distributed(["samples/corpus"], client=client)

    # Articles already in memory (what newsdesk.run takes):
    result = run_distributed(articles, client=client, partitions=8)

Without a client it uses the scheduler set with ``dask.config.set(scheduler=...)``, else the active
``distributed.Client``, else dask's synchronous scheduler (in this process).

From the command line (same formats and options as ``newsdesk brief``)::

    newsdesk distributed brief samples/corpus --workers 2 --format markdown -o brief.md
    newsdesk distributed brief articles/ --scheduler tcp://10.0.0.5:8786

The result equals the sequential one (``tests/test_distributed.py`` compares them through
``model.to_dict``); ``benchmarks/distributed.py`` measures the speed-up.
"""

from __future__ import annotations

from .engine import connect, run_distributed

__all__ = ["connect", "run_distributed"]
