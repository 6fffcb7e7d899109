"""A small discord.py bot for the Discord stand-in: a second, independent client library.

It logs in, posts a Register button in #registration-form, opens a form on click, gives the member a role and a
nickname on submit and answers ephemerally. It prints one JSON line per thing it saw, for the test to read.
Environment: DISCORD_REST_BASE (…/api/v10), DISCORD_BOT_TOKEN, DISCORD_GUILD_ID; SIGTERM closes it.
"""

import asyncio
import json
import os
import signal
import sys

import aiohttp
import discord
import yarl
from discord.gateway import DiscordWebSocket


def say(event, **fields):
    print(json.dumps({"event": event, **fields}), flush=True)


async def gateway_url(rest_base, token):
    """GET /gateway/bot, as a sharding bot would; discord.py's plain Client otherwise dials wss://gateway.discord.gg."""
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{rest_base}/gateway/bot", headers={"Authorization": f"Bot {token}"}) as response:
            response.raise_for_status()
            return (await response.json())["url"]


class RegistrationForm(discord.ui.Modal, title="Conference registration"):
    order = discord.ui.TextInput(label="Order code", custom_id="order", min_length=5, max_length=10)
    name = discord.ui.TextInput(label="Name on the ticket", custom_id="name", max_length=80)

    async def on_submit(self, interaction: discord.Interaction):
        member = interaction.user
        say("modal_submit", user=member.name, custom_id="dpy:form", order=self.order.value, name=self.name.value)
        role = discord.utils.get(interaction.guild.roles, name="Participants")
        # member.edit(roles=…) would send the role ids as JSON integers, which the spec's SnowflakeType (a string) refuses;
        # add_roles puts each id in the path instead.
        await member.edit(nick=self.name.value, reason="registered (discord.py)")
        await member.add_roles(role, reason="registered (discord.py)")
        await interaction.response.send_message(f"Welcome, {self.name.value}! You are registered.", ephemeral=True)
        say("answered", user=member.name, ephemeral=True)


class RegisterView(discord.ui.View):
    def __init__(self):
        super().__init__(timeout=None)

    @discord.ui.button(label="Register", style=discord.ButtonStyle.primary, custom_id="dpy:open")
    async def register(self, interaction: discord.Interaction, button: discord.ui.Button):
        say("click", user=interaction.user.name, custom_id=button.custom_id, message_id=str(interaction.message.id))
        await interaction.response.send_modal(RegistrationForm())


class Bot(discord.Client):
    def __init__(self, guild_id):
        intents = discord.Intents.default()
        intents.members = True
        super().__init__(intents=intents)
        self.guild_id = guild_id
        self.posted = False

    async def setup_hook(self):
        self.add_view(RegisterView())
        say("login", user=self.user.name, application_id=str(self.application_id))

    async def on_ready(self):
        guild = self.get_guild(self.guild_id)
        say(
            "ready",
            user=self.user.name,
            guilds=[g.name for g in self.guilds],
            members=sorted(m.name for m in guild.members),
            member_count=guild.member_count,
            chunked=guild.chunked,
            roles=[r.name for r in guild.roles],
        )
        if self.posted:
            return
        self.posted = True
        channel = discord.utils.get(guild.text_channels, name="registration-form")
        message = await channel.send("Register your ticket:", view=RegisterView())
        say("posted", channel=channel.name, message_id=str(message.id), components=[c.to_dict() for c in message.components])

    async def on_member_join(self, member):
        say("member_join", user=member.name)

    async def on_member_update(self, before, after):
        say("member_update", user=after.name, nick=after.nick, roles=[r.name for r in after.roles[1:]])

    async def on_disconnect(self):
        say("disconnect")

    async def on_resumed(self):
        say("resumed", members=len(self.get_guild(self.guild_id).members))

    async def on_error(self, event, *args, **kwargs):
        say("error", where=event, error=repr(sys.exc_info()[1]))


async def main():
    rest_base = os.environ["DISCORD_REST_BASE"]
    token = os.environ["DISCORD_BOT_TOKEN"]
    discord.http.Route.BASE = rest_base
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(await gateway_url(rest_base, token))
    bot = Bot(int(os.environ["DISCORD_GUILD_ID"]))
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, lambda: asyncio.ensure_future(bot.close()))
    async with bot:
        await bot.start(token)
    say("closed")


if __name__ == "__main__":
    say("started", discord_py=discord.__version__)
    asyncio.run(main())
