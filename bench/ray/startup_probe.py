"""Ray's side of StartupBench: one fresh Python driver's start against a running Ray head, timed inside the driver
from the call, as ClusterDriverProbe does for jray: ray.init(address), one tiny task's result, then ten 200 ms
tasks. Prints `driver_init <ms>`, `driver_first_task <ms>` and `ten_200ms_tasks <ms>`.

usage: python startup_probe.py ADDRESS
"""
import sys
import time

import ray


@ray.remote(num_cpus=1)
def one():
    return 1


@ray.remote(num_cpus=1)
def sleep200():
    time.sleep(0.2)
    return 1


def main():
    start = time.perf_counter()
    ray.init(address=sys.argv[1], logging_level="ERROR", log_to_driver=False)
    initialized = time.perf_counter()
    first = ray.get(one.remote())
    first_task = time.perf_counter()
    slept = sum(ray.get([sleep200.remote() for _ in range(10)]))
    ten_tasks = time.perf_counter()
    ray.shutdown()
    if first != 1 or slept != 10:
        raise SystemExit("the tasks returned %s and %s" % (first, slept))
    print("driver_init %.1f" % ((initialized - start) * 1000))
    print("driver_first_task %.1f" % ((first_task - initialized) * 1000))
    print("ten_200ms_tasks %.1f" % ((ten_tasks - first_task) * 1000))


if __name__ == "__main__":
    main()
