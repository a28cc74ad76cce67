"""The student's kernel: the sandbox a notebook's code runs in, the process inside it, its limits
(cgroup), and the course's modules copied where it imports them."""
