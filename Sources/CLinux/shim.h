#ifndef CLINUX_SHIM_H
#define CLINUX_SHIM_H
// Linux system calls that Swift's Glibc module does not bring in: epoll, eventfd, accept4, memmem and malloc_trim.
// _GNU_SOURCE is deliberately not defined here: it would change the layout of shared glibc
// types (fd_set) and clash with the Glibc module, so accept4 and memmem are declared by hand instead.
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <malloc.h>

extern int accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags);
extern void *memmem(const void *haystack, size_t haystacklen, const void *needle, size_t needlelen);

static inline int clinux_accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags) {
    return accept4(fd, addr, len, flags);
}
#endif
