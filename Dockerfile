# sandboxbot — one image for the webhook server (`serve`), the outbox worker (`worker`) and migrations (`db upgrade`).
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY storage ./storage
COPY locales ./locales
RUN pip wheel --no-cache-dir --wheel-dir /wheels .

FROM python:3.11-slim
ENV PYTHONUNBUFFERED=1 \
    PYTHAINLP_OFFLINE=1 \
    PYTHAINLP_READ_ONLY=1 \
    SANDBOXBOT_HOST=0.0.0.0 \
    SANDBOXBOT_PORT=8080 \
    SANDBOXBOT_LOG_FORMAT=json
RUN useradd --system --create-home --home-dir /var/lib/sandboxbot sandboxbot
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels
USER sandboxbot
WORKDIR /var/lib/sandboxbot
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
  CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8080/livez', timeout=4).status != 200)"
ENTRYPOINT ["sandboxbot"]
CMD ["serve"]
