# Build with the official Swift image, run on slim Debian with only libsqlite3.
FROM swift:6.3-bookworm AS build
RUN apt-get update -qq && apt-get install -y -qq libsqlite3-dev && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
COPY Tests ./Tests
COPY seeds ./seeds
COPY scenarios ./scenarios
# Position-dependent (-no-pie): no relocations to apply at start.
# Only with the runtime linked statically: against the shared runtime the loader warns about protected symbols.
ARG BUILD="-c release --static-swift-stdlib -Xswiftc -Xclang-linker -Xswiftc -no-pie"
RUN swift build $BUILD --product understudy \
 && mkdir /out \
 && cp "$(swift build $BUILD --show-bin-path)/understudy" /out/ \
 && cp -R "$(swift build $BUILD --show-bin-path)/understudy_Fixtures.resources" /out/ \
 && cp -R "$(swift build $BUILD --show-bin-path)/understudy_Dashboard.resources" /out/ \
 && cp -R scenarios /out/scenarios

FROM debian:bookworm-slim
RUN apt-get update -qq && apt-get install -y -qq libsqlite3-0 libstdc++6 ca-certificates curl && rm -rf /var/lib/apt/lists/*
# The Swift runtime is linked statically (--static-swift-stdlib); only libsqlite3 is needed at run time.
COPY --from=build /out/ /app/
WORKDIR /app
EXPOSE 7780
ENV UNDERSTUDY_HOST=0.0.0.0
# glibc's per-thread cache of freed chunks, larger than its default of 7: the thread holding a busy tenant frees what
# the event loops allocated, and with 7 the rest goes back under arena locks (docs/PERFORMANCE.md, "Memory").
ENV GLIBC_TUNABLES=glibc.malloc.tcache_count=1024
# Alive when it answers HTTP at all (any status: /__admin may need the admin token).
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 CMD curl -s -o /dev/null http://127.0.0.1:7780/__admin/health
ENTRYPOINT ["/app/understudy"]
CMD ["--host", "0.0.0.0", "--port", "7780"]
