"""Province staff's login: the login form and its checks (CSRF, throttles), logout, and the dependencies
that let a page in only with a logged-in officer.

``Staff`` (the dashboard's pages) and ``ProgrammeStaff`` (the programme's pages, Vietnamese only) give the
officer and the session's CSRF token; when nobody is logged in they raise ``LoginRequired``, which the app
answers with a redirect to the login form (``to_login``).
"""

from __future__ import annotations

from typing import Annotated, NamedTuple

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool

from . import auth, web
from .http_common import client_address, read_form, retry_after
from .models import StaffUser
from .server_state import Server, ServerState, server_of

SESSION_COOKIE = "ocop_session"
LOGIN_COOKIE = "ocop_login"  # the login form's CSRF token (double submit: this cookie and the form's field)
LOGIN_FORM_HOURS = 2
FORM_LIMIT = 64 * 1024

router = APIRouter()


def lang_of(request: Request) -> str:
    return "en" if request.query_params.get("lang") == "en" else "vi"


class StaffSession(NamedTuple):
    user: StaffUser
    csrf: str  # the session's CSRF token, which every form of its pages carries


def logged_in(request: Request, server: ServerState) -> StaffSession | None:
    """The officer of the request's session cookie, or None."""
    with server.read_sessions() as session:
        found = auth.web_session(session, request.cookies.get(SESSION_COOKIE))
        if found is None:
            return None
        user, row = found
        session.expunge(user)
        return StaffSession(user, row.csrf)


class LoginRequired(Exception):
    """Nobody is logged in: the answer is the login form, in ``lang``."""

    def __init__(self, lang: str) -> None:
        super().__init__(lang)
        self.lang = lang


def to_login(lang: str) -> RedirectResponse:
    return RedirectResponse(f"/login?lang={lang}", status_code=303)


async def login_required(_request: Request, exc: LoginRequired) -> Response:
    """The app's handler of ``LoginRequired``."""
    return to_login(exc.lang)


def staff(request: Request, server: Server) -> StaffSession:
    """The logged-in officer (a dependency: ``Staff``); the login form is in the page's language."""
    found = logged_in(request, server)
    if found is None:
        raise LoginRequired(lang_of(request))
    return found


def programme_staff(request: Request, server: Server) -> StaffSession:
    """The logged-in officer (a dependency: ``ProgrammeStaff``); the programme's pages are in Vietnamese."""
    found = logged_in(request, server)
    if found is None:
        raise LoginRequired("vi")
    return found


Staff = Annotated[StaffSession, Depends(staff)]
ProgrammeStaff = Annotated[StaffSession, Depends(programme_staff)]


# --- login and logout ---------------------------------------------------------------------------------


def secure_cookie(request: Request) -> bool:
    config = server_of(request).config
    return config.secure_cookies if config.secure_cookies is not None else request.url.scheme == "https"


def login_response(request: Request, error: str = "", status: int = 200, **headers: str) -> HTMLResponse:
    """The login form with a fresh CSRF token, also set as a cookie only this site's pages send back
    (SameSite=Strict, HttpOnly, path /login): a form posted from another site carries neither."""
    token = auth.new_form_token()
    response = HTMLResponse(web.login_page(lang_of(request), error, csrf=token), status_code=status, headers=headers)
    response.set_cookie(
        LOGIN_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=secure_cookie(request),
        max_age=LOGIN_FORM_HOURS * 3600,
        path="/login",
    )
    return response


@router.get("/login")
def login_form(request: Request) -> HTMLResponse:
    return login_response(request)


@router.post("/login")
async def login(request: Request, server: Server) -> Response:
    lang = lang_of(request)
    fields = await read_form(request, FORM_LIMIT)
    client = client_address(request)
    username = fields.get("username", "")
    if not auth.csrf_ok(request.cookies.get(LOGIN_COOKIE, ""), fields.get("csrf")):
        # Not from our own form (a login forced from another site), or a form older than its cookie:
        # no password is checked; a new form is given.
        return login_response(request, web.t("form_expired", lang), 403)

    def too_many(wait: float) -> HTMLResponse:
        return login_response(request, web.t("too_many", lang), 429, **{"Retry-After": retry_after(wait)})

    locked = server.login_throttle.wait(username)
    if locked > 0:  # this name failed too often: no password is even checked until the wait is over
        return too_many(locked)
    allowed, wait = server.failure_limiter.allow(f"login:{client}")
    if not allowed:
        return too_many(wait)

    def check() -> str | None:
        with server.sessions() as session, session.begin():
            user = auth.check_password(session, username, fields.get("password", ""))
            if user is None:
                return None
            token, _csrf = auth.open_web_session(session, user)
            return token

    token = await run_in_threadpool(check)
    if token is None:
        server.login_throttle.failed(username)
        return login_response(request, web.t("login_failed", lang), 401)
    server.login_throttle.succeeded(username)
    response = RedirectResponse(f"/dashboard?lang={lang}", status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=secure_cookie(request),
        max_age=auth.SESSION_HOURS * 3600,
        path="/",
    )
    response.delete_cookie(LOGIN_COOKIE, path="/login")
    return response


@router.post("/logout")
async def logout(request: Request, server: Server) -> Response:
    fields = await read_form(request, FORM_LIMIT)
    who = logged_in(request, server)
    if who is not None and auth.csrf_ok(who.csrf, fields.get("csrf")):
        with server.sessions() as session, session.begin():
            auth.close_web_session(session, request.cookies.get(SESSION_COOKIE))
    response = to_login(lang_of(request))
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
