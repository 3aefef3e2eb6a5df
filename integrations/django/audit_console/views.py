"""The console page (with SPA fallback), its assets, and config.json."""

import json
from urllib.parse import urlsplit

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotModified
from django.urls import reverse
from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe

from . import build as builds
from . import conf, config, permissions

IMMUTABLE = "public, max-age=31536000, immutable"


def content_security_policy():
    """DEPLOY.md's policy; connect-src names the API's origin when it is another one."""
    connect = ["'self'"]
    base = conf.config_overrides().get("api_base_url")
    if isinstance(base, str) and conf.is_http_url(base.strip()):
        parts = urlsplit(base.strip())
        connect.append(f"{parts.scheme}://{parts.netloc}")
    return (
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
        f"connect-src {' '.join(connect)}; img-src 'self' data:; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    )


def _secure(response):
    response["Content-Security-Policy"] = content_security_policy()
    response["X-Content-Type-Options"] = "nosniff"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _namespace(request):
    match = getattr(request, "resolver_match", None)
    return (match.namespace if match and match.namespace else "audit_console")


def mount_prefix(request):
    """SCRIPT_NAME plus the mount path, ending with '/': where this console instance lives."""
    return reverse(f"{_namespace(request)}:index")


def _gate(request):
    """None when the user may see the console; otherwise the admin login (anonymous) or 403."""
    if permissions.allowed(request):
        return None
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        site = conf.admin_site()
        return redirect_to_login(
            request.get_full_path(), reverse("admin:login", current_app=site.name)
        )
    raise PermissionDenied("You may not use the Audit Console.")


def _not_modified_or(request, response, tag):
    response["ETag"] = tag
    if tag in [t.strip() for t in request.headers.get("If-None-Match", "").split(",")]:
        not_modified = HttpResponseNotModified()
        for header in ("ETag", "Cache-Control", "Vary"):
            if header in response:
                not_modified[header] = response[header]
        return _secure(not_modified)
    return response


def _unavailable(build):
    response = HttpResponse(
        "Audit Console: no usable build of the console was found.\n"
        f"{build.problem}.\n"
        "See the Audit Console README (Development) for how to build it.\n",
        status=503,
        content_type="text/plain; charset=utf-8",
    )
    response["Cache-Control"] = "no-cache"
    return _secure(response)


def _accepts(accept_encoding, coding):
    for part in accept_encoding.split(","):
        pieces = [p.strip() for p in part.split(";")]
        if pieces[0].lower() != coding:
            continue
        refused = False
        for p in pieces[1:]:
            if p.startswith("q="):
                try:
                    refused = float(p[2:]) <= 0
                except ValueError:
                    refused = False
        if not refused:
            return True
    return False


def _serve_file(request, build_file):
    if build_file.rewrite:
        data = builds.rewritten_content(build_file, mount_prefix(request))
        response = HttpResponse(data, content_type=build_file.content_type)
        tag = builds.etag(data)
    else:
        accept = request.headers.get("Accept-Encoding", "")
        coding = next((c for c in build_file.encodings if _accepts(accept, c)), None)
        path = build_file.path
        if coding:
            path = path.with_name(path.name + (".br" if coding == "br" else ".gz"))
        response = FileResponse(open(path, "rb"), content_type=build_file.content_type)
        del response["Content-Disposition"]  # FileResponse names the file; an asset needs no name
        if coding:
            response["Content-Encoding"] = coding
        tag = None
    if build_file.encodings:
        patch_vary_headers(response, ["Accept-Encoding"])
    if build_file.immutable:
        response["Cache-Control"] = IMMUTABLE
    else:
        response["Cache-Control"] = "no-cache"
        if tag:
            return _secure(_not_modified_or(request, response, tag))
    return _secure(response)


def _page(request, relative="index.html"):
    denied = _gate(request)
    if denied is not None:
        return _secure(denied)
    build = builds.current_build()
    if not build.ok:
        return _unavailable(build)
    build_file = build.get(relative)
    if build_file is None:
        raise Http404("No such page.")
    return _serve_file(request, build_file)


@require_safe
def index(request):
    """The console: index.html, the mount prefix put in."""
    return _page(request)


@require_safe
def asset_or_app(request, path):
    """A file of the build (hashed assets are public and immutable), or, for any other path
    without a file extension, the console itself (SPA fallback); a missing asset is a 404."""
    build = builds.current_build()
    build_file = build.get(path) if build.ok else None
    if build_file is not None:
        if build_file.content_type.startswith("text/html"):
            return _page(request, path)
        return _serve_file(request, build_file)
    last = path.rstrip("/").rsplit("/", 1)[-1]
    if "." in last:
        raise Http404("No such file in the Audit Console build.")
    return _page(request)


def _token_user(request):
    """config.json read with the API's ``Authorization`` header: the user the API's own
    authentication finds (on ``AUDIT_CONSOLE["DATABASE"]``), so it answers from a replica
    whose primary is down, where the session store cannot. None without that header; a
    401 response for a token the API refuses."""
    if not request.headers.get("Authorization"):
        return None
    from rest_framework.exceptions import APIException
    from rest_framework.request import Request

    from .api import authentication_classes

    drf = Request(request, authenticators=[c() for c in authentication_classes()])
    try:
        user = drf.user
    except APIException as refused:
        response = HttpResponse(
            json.dumps({"detail": str(refused.detail)}),
            status=refused.status_code,
            content_type="application/json",
        )
        return response
    return user


@require_safe
def config_json(request):
    user = _token_user(request)
    if isinstance(user, HttpResponse):
        return _secure(user)
    if user is not None:
        request.user = user
    denied = _gate(request)
    if denied is not None:
        return _secure(denied)
    data = config.generate(
        request.build_absolute_uri, namespace=_namespace(request), auth_default="session"
    )
    if data.get("auth") == "session":
        # The language Django chose for this request (LocaleMiddleware: URL prefix, language
        # cookie, Accept-Language, LANGUAGE_CODE), so the console speaks the admin's language; and
        # the cookie its language menu sets, so the admin follows a choice made there.
        data.setdefault("language", translation.get_language() or settings.LANGUAGE_CODE)
        data.setdefault("language_cookie", settings.LANGUAGE_COOKIE_NAME)
    body = json.dumps(data, indent=1, sort_keys=False).encode()
    response = HttpResponse(body, content_type="application/json")
    response["Cache-Control"] = "no-cache"
    patch_vary_headers(response, ["Authorization", "Accept-Language", "Cookie"])
    return _secure(_not_modified_or(request, response, builds.etag(body)))
