"""Ray's side of the job_submit_to_first_result row: run by `ray job submit`, prints
`first_result_epoch_ms <ms>` when its first tiny task's result is back."""
import time

import ray


@ray.remote(num_cpus=1)
def one():
    return 1


ray.init(logging_level="ERROR", log_to_driver=False)
first = ray.get(one.remote())
now = int(time.time() * 1000)
if first != 1:
    raise SystemExit("the task returned %s" % first)
print("first_result_epoch_ms %d" % now)
