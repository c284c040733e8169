"""Peak resident memory of the running process, for the benchmarks."""
import resource


def peak_mb():
    """Peak resident memory of this process in MB (VmHWM: unlike ru_maxrss, it is not
    inherited from the parent that forked it, so each benchmark child reports its own)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
