"""pitch"""
