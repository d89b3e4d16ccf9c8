# Multi-stage build: compile in the Rust image, run in a small Debian image as an unprivileged user.
FROM rust:1-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked && cp target/release/treffpunkt /treffpunkt

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates tzdata \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --home-dir /var/lib/treffpunkt --create-home treffpunkt
COPY --from=build /treffpunkt /usr/local/bin/treffpunkt
USER treffpunkt
ENV TREFFPUNKT_BIND=0.0.0.0:8080 \
    TREFFPUNKT_DATA_DIR=/var/lib/treffpunkt
VOLUME /var/lib/treffpunkt
EXPOSE 8080
ENTRYPOINT ["treffpunkt"]
CMD ["serve"]
