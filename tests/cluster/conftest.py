"""One small LocalCluster per test module (2 in-process workers talking over TCP, so values are
really serialized), and a ``connected`` fixture that attaches it for one test."""

import distributed   # the cluster extra: in the test extra, installed by make env
import pytest


@pytest.fixture(scope="module")
def dask_client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                       protocol="tcp://", dashboard_address=":0")
    client = distributed.Client(cluster, set_as_default=False, direct_to_workers=True)
    yield client
    client.close()
    cluster.close()


@pytest.fixture
def connected(dask_client):
    import scopelab.cluster
    scopelab.cluster.connect(dask_client)
    yield dask_client
    scopelab.cluster.disconnect()


@pytest.fixture
def addresses(dask_client):
    """Worker addresses in task order (by worker name)."""
    info = dask_client.scheduler_info(n_workers=-1)["workers"]
    return [a for a, _ in sorted(info.items(), key=lambda kv: int(kv[1]["name"]))]
