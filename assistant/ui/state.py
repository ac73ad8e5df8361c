"""Session-state keys, in one place."""

LANGUAGE = "ui.language"
SEARCH_QUERY = "search.query"
SEARCH_K = "search.k"
SEARCH_RESULTS = "search.results"
SEARCH_ERROR = "search.error"
SEARCH_FOREIGN = "search.foreign"  # the documents' script, when the query is in another language
SEARCH_ACROSS = "search.across"  # a query in another language found the documents by meaning
SEARCH_BRIDGE = "search.bridge_topic"  # then, the playbook step it is about, in the documents' language
SEARCH_UNMATCHED = "search.unmatched"  # the query's words that the documents never use
SEARCH_MARKED = "search.marked"  # forms of the searched query's words, marked in the results
SEARCH_CORRECTIONS = "search.corrections"  # typing slips corrected before searching

# Who this browser session is (from the link's token).
TOKEN = "auth.token"
ACCESS = "auth.access"
PIN_OK = "auth.pin_ok"
FORUM_KIND = "auth.forum_kind"  # "team": the link is to a professional team's own meetings
NOTICE = "ui.notice"  # (level, message) shown once after a rerun

# Home: creating a forum.
CREATED = "home.created"
HOME_DOMAIN = "home.domain"
HOME_CREATE_CODE = "home.create_code"  # asked when the server sets FORUM_CREATE_CODE
# Home: restoring a forum from a backup file (the create code, when set, is asked here too).
RESTORED = "home.restored"  # the lines saying what the restore kept and changed
HOME_RESTORE_FILE = "home.restore_file"
HOME_RESTORE_CODE = "home.restore_code"
HOME_RESTORE_CLEAR_PIN = "home.restore_clear_pin"

# Facilitator console.
CONSOLE_MEETING = "console.meeting"
WALL_KIND = "console.wall_kind"
WALL_EDITING = "console.wall_editing"  # the idea whose edit box is open (one at a time)
WALL_ALL = "console.wall_all"  # the whole wall, not only its newest ideas
WALL_PAIRS = "console.wall_pairs"  # the near-duplicates last found, and the ideas they were found in
MERGE_TARGET = "console.merge_target"
MERGE_SOURCES = "console.merge_sources"
ROOM_KIND = "console.room_kind"  # .<step id>: each step starts from its own kind
ROOM_TEXT = "console.room_text"
NOTE_TEXT = "console.note_text"
ATTENDANCE_MEETING = "console.attendance_meeting"
ATTENDANCE_PREFIX = "console.attendance"  # .<meeting>.total / .<meeting>.<sector>, bound to what is stored
POLL_TITLE = "console.poll_title"
POLL_METHOD = "console.poll_method"
POLL_IDEAS = "console.poll_ideas"
POLL_BUDGET = "console.poll_budget"
POLL_CAP = "console.poll_cap"
POLL_TOP_N = "console.poll_top_n"
POLL_ANONYMOUS = "console.poll_anonymous"
RESULTS_POLL = "console.results_poll"
PAPER_POLL = "console.paper_poll"
PAPER_PREFIX = "console.paper"  # .<poll>.voters / .<poll>.<option>, bound to what is stored
# .<poll>.<slips typed so far>.<rank n | option.criterion>: a slip added leaves an empty form
PAPER_SLIP_PREFIX = "console.paper_slip"
PIN_INPUT = "console.pin"
PARTICIPANT_CAP = "console.participant_cap"
FLOOD_REMOVE_CONFIRM = "console.flood_remove_confirm"  # + "." + the group's key
NEW_PIN = "console.new_pin"
MEETING_DATE_PREFIX = "console.meeting_date"  # + ".N" (and ".<its stored date>"): the date picked for meeting N
PROJECTOR_MODE = "projector.mode"
ERASE_NAMES_CONFIRM = "console.erase_names_confirm"
REISSUE_CONFIRM = "console.reissue_confirm"
JOIN_CODE_CONFIRM = "console.join_code_confirm"
DELETE_CONFIRM = "console.delete_confirm"  # the join code, typed again to delete the forum

# Choices whose options are labelled in the page's language (a key, or a key prefix before "."):
# a language change sets their values again, so that they are sent with their new labels.
RELABELLED_CHOICES = (CONSOLE_MEETING, WALL_KIND, ROOM_KIND, ATTENDANCE_MEETING, POLL_METHOD, PROJECTOR_MODE,
                      HOME_DOMAIN, "phone.sector", "indicators.editing", "indicators.new_domain",
                      "indicators.new_stage", "indicators.new_compared_to")
# The same, for a team's widgets ("team.<id>.<ending>"): a control point named with its planned
# value's word, a target taken from the situation picture or the team's own, a member's sector.
RELABELLED_CHOICE_ENDINGS = ("measure.point", "target.from", "member.sector")

# Facilitation assistant (chat).
CHAT_HISTORY = "chat.history"
CHAT_INPUT = "chat.input"

# Participant phone.
PHONE_JOIN_CODE = "phone.join_code"
PHONE_NAME = "phone.name"
PHONE_SECTOR = "phone.sector"  # in RELABELLED_CHOICES
PHONE_IDEA = "phone.idea_text"
PHONE_DRAFT_KEY = "phone.draft_key"
PHONE_DRAFT_STEP = "phone.draft_step"  # the step the idea box's text was typed at
PHONE_DRAFTS = "phone.drafts"  # texts typed at other steps, by step id
PHONE_EDITING = "phone.editing"        # the id of the participant's own idea being reworded
PHONE_EDIT_TEXT = "phone.edit_text"
PHONE_MODE = "phone.mode"
PHONE_CHECKED_AT = "phone.checked_at"  # when this phone last read the room's mode (monotonic)
PHONE_READ_AT = "phone.read_at"  # when this phone's page began reading its forum (monotonic)
PHONE_SEEN_AT = "phone.seen_at"        # when it last recorded activity
PHONE_JUST_JOINED = "phone.just_joined"  # the run that joined: this participant has sent nothing yet
PHONE_BALLOT_PREFIX = "phone.ballot"
PHONE_REMEMBERED = "phone.remembered"      # the token this phone's cookie was last set to
PHONE_FORGOTTEN = "phone.forgotten"        # forums whose remembered participant was let go ("not me")
PHONE_CLEAR_COOKIE = "phone.clear_cookie"  # a forum whose cookie the next run deletes
