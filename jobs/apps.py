from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = _("Background jobs")
    default = True


class TasksDatabaseConfig(TasksAppConfig):
    """django-tasks-db, whose admin section is named by a plain English string."""

    verbose_name = _("Task queue")
    default = False
